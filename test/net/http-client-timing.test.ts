/**
 * The client's exchange timing: time to first byte and transfer as the server paced them,
 * and how long our own event loop was busy meanwhile (the most our delay can have added).
 * Only lower bounds are asserted: delays and busy loops are made on purpose.
 */
import { createHttpClient } from '../../src/net/http-client';
import { httpServer, type TestServer } from '../support/servers';

describe('http client timing', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await httpServer({
      '/slow-head': (_q, res) => void setTimeout(() => res.writeHead(200).end('x'), 300),
      '/slow-body': (_q, res) => {
        res.writeHead(200);
        res.write('a');
        setTimeout(() => res.end('b'), 300);
      },
      '/fast': (_q, res) => res.writeHead(200).end('fast'),
    });
  });
  afterAll(() => server.close());
  const client = createHttpClient();

  it('puts a slow head in ttfbMs and a slow body in transferMs', async () => {
    const head = await client.request({ url: `${server.url}/slow-head` });
    const body = await client.request({ url: `${server.url}/slow-body` });
    expect(head.ok && head.response.timing.ttfbMs).toBeGreaterThanOrEqual(290);
    expect(body.ok && body.response.timing.transferMs).toBeGreaterThanOrEqual(290);
  });

  it('counts the time our own loop was busy during the exchange', async () => {
    const pending = client.request({ url: `${server.url}/fast` });
    const until = performance.now() + 200;
    while (performance.now() < until); // our work, not the server's
    const r = await pending;
    expect(r.ok && r.response.timing.busyMs).toBeGreaterThanOrEqual(190);
  });
});
