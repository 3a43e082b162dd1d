/**
 * Reading a response body within a byte cap (after decompression, so a gzip bomb stops
 * inflating at the cap), and naming what went wrong when a request fails.
 */
import type * as http from 'node:http';
import type { Readable } from 'node:stream';
import * as zlib from 'node:zlib';
import type { HttpErrorCode } from './http-client';

/** Reads at most `maxBytes` of decompressed body; stops reading (and inflating) beyond. */
export function readBody(
  res: http.IncomingMessage,
  maxBytes: number,
  allowTruncate: boolean,
): Promise<{ body: Buffer; truncated: boolean; tooLarge: boolean; bytesRead: number }> {
  const encoding = String(res.headers['content-encoding'] ?? '').trim().toLowerCase();
  let stream: Readable = res;
  if (encoding === 'gzip' || encoding === 'x-gzip') stream = res.pipe(zlib.createGunzip());
  else if (encoding === 'deflate') stream = res.pipe(zlib.createInflate());
  else if (encoding === 'br') stream = res.pipe(zlib.createBrotliDecompress());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (): void => {
      stream.destroy();
      res.destroy();
    };
    stream.on('data', (chunk: Buffer) => {
      if (size + chunk.length > maxBytes) {
        const bytesRead = size + chunk.length;
        chunks.push(chunk.subarray(0, maxBytes - size));
        size = maxBytes;
        // Settle before destroying: destroying emits close/aborted, which would reject.
        resolve({ body: Buffer.concat(chunks), truncated: true, tooLarge: !allowTruncate, bytesRead });
        stop();
        return;
      }
      chunks.push(chunk);
      size += chunk.length;
    });
    const cut = (): void => reject(Object.assign(new Error('connection closed before the body ended'), { code: 'ECONNRESET' }));
    stream.on('end', () => resolve({ body: Buffer.concat(chunks), truncated: false, tooLarge: false, bytesRead: size }));
    stream.on('error', reject);
    res.on('error', reject);
    res.on('aborted', cut);
    // A close without an end (reset, or our own deadline) must settle too; after a
    // resolve this reject is a no-op.
    res.on('close', () => {
      if (!res.complete) cut();
    });
  });
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
