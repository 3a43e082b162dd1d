/** The bounded HTTP client against hostile local servers: every failure is a value. */
import { gzipSync } from 'node:zlib';
import { allowListPolicy } from '../../src/net/address-policy';
import { createHttpClient } from '../../src/net/http-client';
import { httpServer, type TestServer } from '../support/servers';

const redirectTo =
  (location: string) =>
  (_req: unknown, res: import('node:http').ServerResponse): void => {
    res.writeHead(302, { location });
    res.end();
  };

describe('http client', () => {
  let server: TestServer;
  const bomb = gzipSync(Buffer.alloc(200 * 1024 * 1024)); // 200 MiB of zeros, ~200 KB on the wire
  beforeAll(async () => {
    server = await httpServer({
      '/big': (_req, res) => {
        res.writeHead(200);
        res.end(Buffer.alloc(12 * 1024 * 1024, 'a'));
      },
      '/bomb': (_req, res) => {
        res.writeHead(200, { 'content-encoding': 'gzip' });
        res.end(bomb);
      },
      '/gzip': (_req, res) => {
        res.writeHead(200, { 'content-encoding': 'gzip' });
        res.end(gzipSync('hello'));
      },
      '/metadata': redirectTo('http://169.254.169.254/latest/meta-data/'),
      '/mapped': redirectTo('http://[::ffff:169.254.169.254]/'),
      '/decimal': redirectTo('http://2852039166/'),
      '/hang': () => undefined,
    });
  });
  afterAll(() => server.close());

  const client = createHttpClient();

  it('decompresses gzip bodies', async () => {
    const r = await client.request({ url: `${server.url}/gzip` });
    expect(r.ok && r.response.body.toString()).toBe('hello');
  });

  it('refuses a 12 MB body over a 10 MiB cap', async () => {
    const r = await client.request({ url: `${server.url}/big`, maxBytes: 10 * 1024 * 1024 });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatchObject({ code: 'too-large', status: 200 });
  });

  it('stops inflating a gzip bomb at the cap', async () => {
    const cap = 1024 * 1024;
    const r = await client.request({ url: `${server.url}/bomb`, maxBytes: cap });
    expect(!r.ok && r.error.code).toBe('too-large');
    // Work counted, not memory measured: of 200 MiB, inflation stopped at the cap plus one chunk.
    expect(!r.ok && r.error.bytesRead).toBeGreaterThan(cap);
    expect(!r.ok && r.error.bytesRead).toBeLessThanOrEqual(cap + 64 * 1024);
  });

  it.each(['/metadata', '/mapped', '/decimal'])('never follows %s to the metadata address', async (path) => {
    const r = await client.request({ url: `${server.url}${path}` });
    expect(!r.ok && r.error.code).toBe('blocked');
    expect(!r.ok && r.error.redirects).toEqual([`${server.url}${path}`]);
  });

  it('enforces an allow-list on the resolved address', async () => {
    const strict = createHttpClient({ policy: allowListPolicy(['10.0.0.0/8']) });
    const r = await strict.request({ url: `${server.url}/gzip` });
    expect(!r.ok && r.error).toMatchObject({ code: 'blocked' });
    expect(!r.ok && r.error.message).toMatch(/outside api.allowTargets/);
    const byName = await strict.request({ url: `http://localhost:${server.port}/gzip` });
    expect(!byName.ok && byName.error.code).toBe('blocked');
  });

  it('times out a server that never answers', async () => {
    const r = await client.request({ url: `${server.url}/hang`, timeoutMs: 300 });
    expect(!r.ok && r.error.code).toBe('timeout');
  });

  it.each([
    ['file:///etc/passwd', 'invalid-url'],
    ['gopher://127.0.0.1/', 'invalid-url'],
    ['not a url', 'invalid-url'],
  ])('refuses %s', async (url, code) => {
    const r = await client.request({ url });
    expect(!r.ok && r.error.code).toBe(code);
  });

  it('reports a refused connection', async () => {
    const closed = await httpServer({});
    await closed.close();
    const r = await client.request({ url: closed.url });
    expect(!r.ok && r.error.code).toBe('refused');
  });
});
