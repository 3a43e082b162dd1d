/**
 * Reads an OTLP/HTTP request body under a byte cap applied after decompression (and to
 * the compressed bytes), within the receivers' shared budget. Errors are values. OTLP/HTTP
 * names gzip as the one compression (none is the default).
 */
import type { IncomingMessage } from 'node:http';
import { readCappedBody, type BodyBudget } from '../net/capped-body';

export type { BodyBudget } from '../net/capped-body';

export type BodyResult =
  | { ok: true; body: Buffer }
  | { ok: false; reason: 'too-large' | 'busy' | 'bad-encoding' | 'unsupported-encoding' | 'aborted'; message: string };

export async function readBody(req: IncomingMessage, maxBytes: number, budget: BodyBudget): Promise<BodyResult> {
  const r = await readCappedBody(req, { maxBytes, codings: ['gzip', 'x-gzip', 'deflate'], otherCoding: 'refuse', excess: 'drain', budget });
  if (r.ok) return { ok: true, body: r.body };
  switch (r.reason) {
    case 'too-large':
      return { ok: false, reason: 'too-large', message: `request body larger than ${maxBytes} bytes (after decompression)` };
    case 'busy':
      return { ok: false, reason: 'busy', message: 'too many request bytes in flight' };
    case 'unsupported-coding':
      return { ok: false, reason: 'unsupported-encoding', message: `content-encoding ${r.coding} is not supported; use gzip or none` };
    case 'bad-coding':
      return { ok: false, reason: 'bad-encoding', message: `body is not valid ${String(req.headers['content-encoding']).trim().toLowerCase()} (${r.error.message})` };
    case 'aborted':
      return { ok: false, reason: 'aborted', message: r.error.code === 'ECONNRESET' && /before the body ended/.test(r.error.message) ? 'client closed the connection mid-body' : r.error.message };
  }
}
