/** Real local servers on port 0 for probe tests: HTTP with a route table, and raw TCP. */
import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export interface TestServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** An HTTP server answering `routes[path]`, 404 elsewhere (or `fallback`). */
export async function httpServer(routes: Record<string, Handler>, fallback?: Handler): Promise<TestServer> {
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const handler = routes[path] ?? fallback;
    if (handler) handler(req, res);
    else {
      res.writeHead(404);
      res.end('not found');
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return listen(server, sockets);
}

/** A TCP server that speaks something other than HTTP (like Redis). */
export async function tcpServer(greeting = '-ERR unknown command\r\n'): Promise<TestServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('data', () => s.write(greeting));
    s.on('error', () => undefined);
  });
  return listen(server, sockets);
}

function listen(server: net.Server, sockets: Set<net.Socket>): Promise<TestServer> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      resolve({
        url: `http://127.0.0.1:${port}`,
        port,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

export const json =
  (status: number, body: unknown, delayMs = 0): Handler =>
  (_req, res) => {
    setTimeout(() => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    }, delayMs);
  };
