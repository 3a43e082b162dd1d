/** A target's kept-alive connections, against real servers that count what they accept. */
import { createHttpClient } from '../../src/net/http-client';
import { targetConnections } from '../../src/net/target-connections';
import { tcpOpen } from '../../src/net/tcp-connect';
import { countingServer, type CountingServer } from '../support/counting-server';

const client = createHttpClient();

async function adopted(server: CountingServer) {
  const opened = await tcpOpen('127.0.0.1', server.port, 2000);
  if (!opened.ok) throw new Error(opened.reason);
  return targetConnections(server.origin, { adopt: { socket: opened.socket, connectMs: opened.connectMs } });
}

describe('target connections', () => {
  let server: CountingServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('carry the first request over the connection the reach check opened, and the next ones too', async () => {
    server = await countingServer({ '/livez': 200, '/readyz': 200 });
    const connections = await adopted(server);
    const answers = [];
    for (const path of ['/livez', '/readyz', '/missing']) answers.push(await client.request({ url: `${server!.url}${path}`, connections }));
    connections.close();
    expect(answers.map((a) => a.ok && a.response.status)).toEqual([200, 200, 404]);
    // One TCP connection in all: the reach check's. No request paid a connect.
    expect(server!.connections()).toBe(1);
    expect(answers.map((a) => a.ok && a.response.connectMs)).toEqual([null, null, null]);
  });

  it('open more, up to the limit, for requests at the same time, and say which paid a connect', async () => {
    server = await countingServer({ '/a': 200 });
    const connections = targetConnections(server.origin, { maxSockets: 2 });
    const answers = await Promise.all([1, 2, 3, 4].map(() => client.request({ url: `${server!.url}/a`, connections })));
    connections.close();
    expect(server.connections()).toBe(2);
    expect(answers.filter((a) => a.ok && a.response.connectMs !== null)).toHaveLength(2);
  });

  /** A server whose first connection is dropped as soon as a request arrives on it; later ones answer 200. */
  async function droppingFirst(): Promise<{ port: number; connections: () => number; close(): void }> {
    const net = await import('node:net');
    let n = 0;
    const srv = net.createServer((socket) => {
      const nth = ++n;
      socket.on('error', () => undefined);
      socket.on('data', () => {
        if (nth === 1) socket.destroy();
        else socket.write('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok');
      });
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    return { port: (srv.address() as import('node:net').AddressInfo).port, connections: () => n, close: () => srv.close() };
  }

  it('send a GET again on a fresh connection when the kept-alive one was closed by the target', async () => {
    const target = await droppingFirst();
    const opened = await tcpOpen('127.0.0.1', target.port, 2000);
    if (!opened.ok) throw new Error(opened.reason);
    const connections = targetConnections(`http://127.0.0.1:${target.port}`, { adopt: { socket: opened.socket, connectMs: opened.connectMs } });
    const answer = await client.request({ url: `http://127.0.0.1:${target.port}/livez`, connections });
    connections.close();
    target.close();
    expect(answer.ok && answer.response.status).toBe(200);
    expect(target.connections()).toBe(2);
  });

  it('do not send a POST twice', async () => {
    const target = await droppingFirst();
    const opened = await tcpOpen('127.0.0.1', target.port, 2000);
    if (!opened.ok) throw new Error(opened.reason);
    const connections = targetConnections(`http://127.0.0.1:${target.port}`, { adopt: { socket: opened.socket, connectMs: opened.connectMs } });
    const answer = await client.request({ url: `http://127.0.0.1:${target.port}/submit`, method: 'POST', body: 'x', connections });
    connections.close();
    target.close();
    expect(!answer.ok && answer.error.code).toBe('reset');
    expect(target.connections()).toBe(1);
  });

  it('are not used for another origin: a redirect elsewhere connects afresh', async () => {
    const elsewhere = await countingServer({ '/health': 200 });
    // A target whose /livez redirects to another server.
    const http = await import('node:http');
    const redirecting = http.createServer((_req, res) => {
      res.writeHead(302, { location: `${elsewhere.url}/health` });
      res.end();
    });
    await new Promise<void>((r) => redirecting.listen(0, '127.0.0.1', r));
    const origin = `http://127.0.0.1:${(redirecting.address() as import('node:net').AddressInfo).port}`;
    const connections = targetConnections(origin);
    const answer = await client.request({ url: `${origin}/livez`, connections });
    connections.close();
    redirecting.close();
    expect(answer.ok && answer.response.status).toBe(200);
    expect(answer.ok && answer.response.connectMs).not.toBeNull();
    expect(elsewhere.connections()).toBe(1);
    await elsewhere.close();
  });
});
