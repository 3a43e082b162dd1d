/**
 * The one way distroready reads an HTTP body it did not write: a scrape or health answer
 * (client side), an OTLP export (receiver side), an API server's list. The cap applies to
 * the decompressed bytes, so a gzip bomb stops inflating at the cap; a shared budget bounds
 * what many concurrent bodies hold together; the read settles exactly once, before
 * anything is destroyed (destroying emits close/aborted, which must not decide the outcome).
 */
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import * as zlib from 'node:zlib';

/** Content-codings a reader may inflate. */
export const CONTENT_CODINGS = ['gzip', 'x-gzip', 'deflate', 'br'] as const;
export type ContentCoding = (typeof CONTENT_CODINGS)[number];

/**
 * Bytes buffered by all bodies being read at once, against a ceiling: many concurrent
 * bodies each under the cap must not add up to unbounded memory. The caller releases a
 * body's bytes once it is done with it.
 */
export interface BodyBudget {
  used: number;
  max: number;
  /** The most bytes ever held at once, for tests and benchmarks that count what was kept. */
  peak?: number;
}

export interface CappedReadOptions {
  /** Cap on the decompressed body. */
  maxBytes: number;
  /** The codings to inflate. */
  codings: readonly ContentCoding[];
  /** A coding outside `codings`: read the bytes as they are (a client), or refuse unread (a receiver). */
  otherCoding: 'raw' | 'refuse';
  /** Past the cap: end the exchange (a client), or drain the rest so an answer can still be written (a receiver). */
  excess: 'destroy' | 'drain';
  /** Shared across concurrent reads; on success the caller releases `body.length`. */
  budget?: BodyBudget;
}

export type CappedBody =
  | { ok: true; body: Buffer; bytesRead: number }
  /** `prefix` holds the first `maxBytes`; `bytesRead` counts what had arrived decoded when the read stopped. */
  | { ok: false; reason: 'too-large'; prefix: Buffer; bytesRead: number }
  | { ok: false; reason: 'busy' | 'unsupported-coding'; bytesRead: number; coding?: string }
  | { ok: false; reason: 'bad-coding' | 'aborted'; error: NodeJS.ErrnoException; bytesRead: number };

export function readCappedBody(msg: IncomingMessage, o: CappedReadOptions): Promise<CappedBody> {
  const coding = String(msg.headers['content-encoding'] ?? '').trim().toLowerCase();
  const known = (o.codings as readonly string[]).includes(coding);
  if (!known && coding !== '' && coding !== 'identity' && o.otherCoding === 'refuse') {
    msg.resume();
    return Promise.resolve({ ok: false, reason: 'unsupported-coding', bytesRead: 0, coding });
  }
  const stream: Readable = known ? msg.pipe(decoder(coding as ContentCoding)) : msg;
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    /** What this read added to the shared budget, given back unless the caller keeps the body. */
    let held = 0;
    let done = false;
    const finish = (r: CappedBody): void => {
      if (done) return;
      done = true;
      if (o.budget && !r.ok) o.budget.used -= held;
      resolve(r);
      if (stream !== msg) stream.destroy();
      if (!r.ok && (o.excess === 'destroy' || r.reason === 'aborted')) msg.destroy();
      else if (!r.ok) msg.resume();
    };
    const aborted = (message: string): void => finish({ ok: false, reason: 'aborted', error: Object.assign(new Error(message), { code: 'ECONNRESET' }), bytesRead: size });
    // A compressed body can be no larger than we accept inflated.
    if (stream !== msg) {
      let raw = 0;
      msg.on('data', (c: Buffer) => {
        raw += c.length;
        if (raw > o.maxBytes) finish({ ok: false, reason: 'too-large', prefix: Buffer.concat(chunks, size), bytesRead: size });
      });
    }
    stream.on('data', (c: Buffer) => {
      if (done) return;
      if (size + c.length > o.maxBytes) {
        const bytesRead = size + c.length;
        chunks.push(c.subarray(0, o.maxBytes - size));
        size = o.maxBytes;
        return finish({ ok: false, reason: 'too-large', prefix: Buffer.concat(chunks, size), bytesRead });
      }
      size += c.length;
      if (o.budget) {
        o.budget.used += c.length;
        held += c.length;
        if (o.budget.used > o.budget.max) return finish({ ok: false, reason: 'busy', bytesRead: size });
        o.budget.peak = Math.max(o.budget.peak ?? 0, o.budget.used);
      }
      chunks.push(c);
    });
    stream.on('end', () => finish({ ok: true, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size), bytesRead: size }));
    stream.on('error', (error: NodeJS.ErrnoException) => finish({ ok: false, reason: stream === msg ? 'aborted' : 'bad-coding', error, bytesRead: size }));
    if (stream !== msg) msg.on('error', (error: NodeJS.ErrnoException) => finish({ ok: false, reason: 'aborted', error, bytesRead: size }));
    msg.on('aborted', () => aborted('connection closed before the body ended'));
    // A close without an end (a reset, or the caller's deadline) settles too.
    msg.on('close', () => {
      if (!msg.complete) aborted('connection closed before the body ended');
    });
  });
}

function decoder(coding: ContentCoding): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress {
  if (coding === 'deflate') return zlib.createInflate();
  if (coding === 'br') return zlib.createBrotliDecompress();
  return zlib.createGunzip();
}
