/**
 * A small, well-behaved workload on loopback port 0: liveness, readiness and a metrics
 * endpoint. It counts the requests it gets, so tests can prove a refusal sent no traffic,
 * and can hold requests open until released, so tests can catch one in flight.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WorkloadServer {
  url: string;
  port: number;
  hits: string[];
  /** While set, requests wait until `release()`. */
  hold(): Promise<void>;
  release(): void;
  close(): Promise<void>;
}

export async function startWorkloadServer(): Promise<WorkloadServer> {
  const hits: string[] = [];
  let held: (() => void)[] | null = null;
  let firstHeld: (() => void) | null = null;
  const answer = (req: IncomingMessage, res: ServerResponse): void => {
    if (req.url === '/metrics') {
      res.setHeader('content-type', 'text/plain; version=0.0.4');
      res.end('# HELP app_requests_total Requests served.\n# TYPE app_requests_total counter\napp_requests_total 3\n');
      return;
    }
    if (req.url === '/livez' || req.url === '/readyz') {
      res.setHeader('content-type', 'application/json');
      res.end('{"status":"ok"}');
      return;
    }
    res.statusCode = 404;
    res.end();
  };
  const server: Server = createServer((req, res) => {
    hits.push(req.url ?? '');
    if (held) {
      held.push(() => answer(req, res));
      firstHeld?.();
      firstHeld = null;
      return;
    }
    answer(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    hits,
    hold: () => {
      held = [];
      // Resolves once a request is waiting.
      return new Promise<void>((resolve) => (firstHeld = resolve));
    },
    release: () => {
      const waiting = held ?? [];
      held = null;
      for (const go of waiting) go();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
