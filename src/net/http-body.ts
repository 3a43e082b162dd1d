/**
 * Reading a response body within a byte cap (after decompression, so a gzip bomb stops
 * inflating at the cap), and naming what went wrong when a request fails.
 */
import type * as http from 'node:http';
import { CONTENT_CODINGS, readCappedBody } from './capped-body';
import type { HttpErrorCode } from './http-client';

/**
 * Reads at most `maxBytes` of decompressed body; stops reading (and inflating) beyond.
 * Failures to read reject with the stream's error, for `classifyError`.
 */
export async function readBody(
  res: http.IncomingMessage,
  maxBytes: number,
  allowTruncate: boolean,
): Promise<{ body: Buffer; truncated: boolean; tooLarge: boolean; bytesRead: number }> {
  const r = await readCappedBody(res, { maxBytes, codings: CONTENT_CODINGS, otherCoding: 'raw', excess: 'destroy' });
  if (r.ok) return { body: r.body, truncated: false, tooLarge: false, bytesRead: r.bytesRead };
  if (r.reason === 'too-large') return { body: r.prefix, truncated: true, tooLarge: !allowTruncate, bytesRead: r.bytesRead };
  if (r.reason === 'bad-coding' || r.reason === 'aborted') throw r.error;
  throw new Error(`body not read (${r.reason})`); // not reached: no budget, no coding refused
}

export function classifyError(err: NodeJS.ErrnoException): { code: HttpErrorCode; message: string } {
  switch (err.code) {
    case 'ECONNREFUSED':
      return { code: 'refused', message: `connection refused (${err.message})` };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { code: 'dns', message: `name not resolved (${err.message})` };
    case 'ECONNRESET':
    case 'EPIPE':
      return { code: 'reset', message: `connection reset (${err.message})` };
    case 'ABORT_ERR':
      return { code: 'aborted', message: 'aborted' };
    case 'Z_DATA_ERROR':
    case 'Z_BUF_ERROR':
      return { code: 'protocol', message: `bad compressed body (${err.message})` };
    case 'HPE_INVALID_CONSTANT':
    case 'HPE_INVALID_STATUS':
    case 'HPE_INVALID_HEADER_TOKEN':
    case 'HPE_HEADER_OVERFLOW':
      return { code: 'protocol', message: `not a valid HTTP response (${err.message})` };
    default:
      return { code: err.code?.startsWith('HPE_') ? 'protocol' : 'reset', message: err.message };
  }
}
