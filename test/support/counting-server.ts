/** An HTTP server on port 0 that counts what it was asked: TCP connections, and requests per path. */
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface CountingServer {
  url: string;
  origin: string;
  port: number;
  /** TCP connections accepted so far. */
  connections(): number;
  /** Requests per path so far. */
  hits(): Record<string, number>;
  requests(): number;
  reset(): void;
  /** Changes the routes served from now on. */
  serve(routes: Record<string, number>): void;
  close(): Promise<void>;
}

/** `routes` maps a path to the status it answers (with a small JSON body); others are 404. */
export async function countingServer(routes: Record<string, number>, onConnection?: (socket: Socket, nth: number) => void): Promise<CountingServer> {
  let table = routes;
  let connections = 0;
  let hits: Record<string, number> = {};
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits[path] = (hits[path] ?? 0) + 1;
    const status = table[path];
    res.writeHead(status ?? 404, { 'content-type': 'application/json' });
    res.end(status ? JSON.stringify({ status: status < 400 ? 'UP' : 'DOWN' }) : 'not found');
  });
  server.on('connection', (s) => {
    connections++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    onConnection?.(s, connections);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    origin: `http://127.0.0.1:${port}`,
    port,
    connections: () => connections,
    hits: () => ({ ...hits }),
    requests: () => Object.values(hits).reduce((a, b) => a + b, 0),
    reset() {
      connections = 0;
      hits = {};
    },
    serve(next) {
      table = next;
    },
    close: () =>
      new Promise<void>((done) => {
        for (const s of sockets) s.destroy();
        server.close(() => done());
      }),
  };
}
