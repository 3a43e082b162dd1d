/**
 * The one capped body reader, on real sockets: what it keeps, what it counts, and that the
 * shared budget comes back to zero whatever way a read ends.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as zlib from 'node:zlib';
import { readCappedBody, type BodyBudget, type CappedBody, type CappedReadOptions } from '../../src/net/capped-body';

const CLIENT: Omit<CappedReadOptions, 'maxBytes'> = { codings: ['gzip', 'deflate', 'br'], otherCoding: 'raw', excess: 'destroy' };

/** Serves `write` once and reads the answer with `o`. */
async function readAnswer(write: (res: http.ServerResponse) => void, o: CappedReadOptions): Promise<CappedBody> {
  const server = http.createServer((_req, res) => write(res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const { port } = server.address() as AddressInfo;
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => http.get({ host: '127.0.0.1', port, agent: false }, resolve).on('error', reject));
    return await readCappedBody(res, o);
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

/** Posts `body` with `headers` to a server that reads it with `o`, and returns what the server read. */
async function readRequest(body: Buffer, headers: Record<string, string>, o: CappedReadOptions, cut = false): Promise<CappedBody> {
  let read: Promise<CappedBody> | undefined;
  const server = http.createServer((req, res) => {
    read = readCappedBody(req, o);
    void read.then(() => res.end('done'));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => {
      const req = http.request({ host: '127.0.0.1', port, method: 'POST', headers, agent: false }, (res) => res.resume().on('end', resolve));
      req.on('error', () => resolve());
      if (cut) {
        req.write(body.subarray(0, body.length >> 1));
        setTimeout(() => req.destroy(), 50);
      } else req.end(body);
    });
    for (let i = 0; i < 100 && read === undefined; i++) await new Promise((r) => setTimeout(r, 10));
    if (read === undefined) throw new Error('the server never got the request');
    return await read;
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

describe('readCappedBody', () => {
  it('reads a body under the cap as it came, and one gzip-inflated', async () => {
    expect(await readAnswer((res) => res.end('hello'), { ...CLIENT, maxBytes: 10 })).toEqual({ ok: true, body: Buffer.from('hello'), bytesRead: 5 });
    const gz = zlib.gzipSync('x'.repeat(1000));
    const r = await readAnswer((res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end(gz), { ...CLIENT, maxBytes: 1000 });
    expect(r).toMatchObject({ ok: true, bytesRead: 1000 });
  });

  it('stops inflating a gzip bomb at the cap and keeps the first maxBytes', async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024));
    const r = await readAnswer((res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end(bomb), { ...CLIENT, maxBytes: 100_000 });
    expect(r.ok).toBe(false);
    if (r.ok || r.reason !== 'too-large') throw new Error(`expected too-large, got ${JSON.stringify(r)}`);
    expect(r.prefix).toHaveLength(100_000);
    // Inflation stopped within a chunk or two of the cap, far short of the 64 MiB inside.
    expect(r.bytesRead).toBeLessThan(100_000 + 2 * 64 * 1024);
  });

  it('reads an unknown coding as raw bytes for a client, and refuses it unread for a receiver', async () => {
    const raw = await readAnswer((res) => res.writeHead(200, { 'content-encoding': 'compress' }).end('abc'), { ...CLIENT, maxBytes: 10 });
    expect(raw).toEqual({ ok: true, body: Buffer.from('abc'), bytesRead: 3 });
    const budget: BodyBudget = { used: 0, max: 1000 };
    const refused = await readRequest(Buffer.from('abc'), { 'content-encoding': 'br' }, { maxBytes: 10, codings: ['gzip'], otherCoding: 'refuse', excess: 'drain', budget });
    expect(refused).toEqual({ ok: false, reason: 'unsupported-coding', bytesRead: 0, coding: 'br' });
  });

  it('names a body that is not what its coding says', async () => {
    const r = await readAnswer((res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end('not gzip at all'), { ...CLIENT, maxBytes: 100 });
    expect(r).toMatchObject({ ok: false, reason: 'bad-coding' });
  });

  describe('against a shared budget', () => {
    const receiver = (budget: BodyBudget, maxBytes = 1000): CappedReadOptions => ({ maxBytes, codings: ['gzip'], otherCoding: 'refuse', excess: 'drain', budget });

    it('holds a read body until the caller releases it', async () => {
      const budget: BodyBudget = { used: 0, max: 10_000 };
      const r = await readRequest(Buffer.alloc(800), {}, receiver(budget));
      expect(r).toMatchObject({ ok: true, bytesRead: 800 });
      expect(budget.used).toBe(800);
      expect(budget.peak).toBe(800);
    });

    it('gives everything back when a body is too large, too many bytes are in flight, or the client goes away', async () => {
      const tooLarge: BodyBudget = { used: 0, max: 10_000 };
      expect(await readRequest(Buffer.alloc(5000), {}, receiver(tooLarge))).toMatchObject({ ok: false, reason: 'too-large' });
      expect(tooLarge.used).toBe(0);

      const busy: BodyBudget = { used: 900, max: 1000 };
      expect(await readRequest(Buffer.alloc(500), {}, receiver(busy))).toMatchObject({ ok: false, reason: 'busy' });
      expect(busy.used).toBe(900);

      const gone: BodyBudget = { used: 0, max: 1_000_000 };
      expect(await readRequest(Buffer.alloc(200_000), { 'content-length': '200000' }, receiver(gone, 500_000), true)).toMatchObject({ ok: false, reason: 'aborted' });
      expect(gone.used).toBe(0);
    });

    it('counts the compressed bytes against the cap too', async () => {
      const budget: BodyBudget = { used: 0, max: 1_000_000 };
      // Random bytes do not compress: the gzip stream is larger than the cap before it inflates past it.
      const noise = zlib.gzipSync(Buffer.from(Array.from({ length: 4000 }, () => Math.floor(Math.random() * 256))));
      expect(await readRequest(noise, { 'content-encoding': 'gzip' }, receiver(budget, 3999))).toMatchObject({ ok: false, reason: 'too-large' });
      expect(budget.used).toBe(0);
    });
  });
});
