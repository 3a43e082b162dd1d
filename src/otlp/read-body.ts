/**
 * Reads an OTLP/HTTP request body under a byte cap applied after decompression, so a
 * gzip bomb stops inflating the moment it passes the cap. Errors are values.
 */
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import * as zlib from 'node:zlib';

export type BodyResult =
  | { ok: true; body: Buffer }
  | { ok: false; reason: 'too-large' | 'busy' | 'bad-encoding' | 'unsupported-encoding' | 'aborted'; message: string };

/**
 * Bytes buffered by all requests being read at once, against a ceiling: many concurrent
 * bodies each under the cap must not add up to unbounded memory. The caller releases a
 * request's bytes once it is done with its body.
 */
export interface BodyBudget {
  used: number;
  max: number;
  /** The most bytes ever held at once, for tests and benchmarks that count what was kept. */
  peak?: number;
}

export function readBody(req: IncomingMessage, maxBytes: number, budget: BodyBudget): Promise<BodyResult> {
  const encoding = String(req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  let stream: Readable = req;
  if (encoding === 'gzip' || encoding === 'x-gzip') stream = req.pipe(zlib.createGunzip());
  else if (encoding === 'deflate') stream = req.pipe(zlib.createInflate());
  else if (encoding !== 'identity' && encoding !== '') {
    req.resume();
    return Promise.resolve({ ok: false, reason: 'unsupported-encoding', message: `content-encoding ${encoding} is not supported; use gzip or none` });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let raw = 0;
    let done = false;
    const finish = (r: BodyResult): void => {
      if (done) return;
      done = true;
      if (stream !== req) stream.destroy();
      // A failed read holds nothing; a body is released by the caller after decoding.
      if (!r.ok) budget.used -= size;
      resolve(r);
    };
    const tooLarge = (): void =>
      finish({ ok: false, reason: 'too-large', message: `request body larger than ${maxBytes} bytes (after decompression)` });
    // The compressed bytes count too: a body can be no larger compressed than we accept inflated.
    req.on('data', (chunk: Buffer) => {
      raw += chunk.length;
      if (raw > maxBytes) tooLarge();
    });
    stream.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      budget.used += chunk.length;
      if (size > maxBytes) return tooLarge();
      if (budget.used > budget.max) return finish({ ok: false, reason: 'busy', message: 'too many request bytes in flight' });
      budget.peak = Math.max(budget.peak ?? 0, budget.used);
      chunks.push(chunk);
    });
    stream.on('end', () => finish({ ok: true, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size) }));
    stream.on('error', (err: NodeJS.ErrnoException) =>
      finish(stream === req ? { ok: false, reason: 'aborted', message: err.message } : { ok: false, reason: 'bad-encoding', message: `body is not valid ${encoding} (${err.message})` }),
    );
    req.on('aborted', () => finish({ ok: false, reason: 'aborted', message: 'client closed the connection mid-body' }));
    req.on('error', (err) => finish({ ok: false, reason: 'aborted', message: err.message }));
  });
}
