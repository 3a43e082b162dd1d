/**
 * Reads the one length-prefixed message of a unary gRPC request from an HTTP/2 stream,
 * under three bounds applied while reading, not after: the declared length is checked
 * against the cap as soon as its 4 bytes arrive (before any of the message is kept), every
 * byte kept counts against the receiver's shared in-flight budget (the same one the
 * OTLP/HTTP bodies use), and a gzip message stops inflating at the cap. Errors are values
 * carrying the gRPC status to answer with.
 */
import type { Readable } from 'node:stream';
import * as zlib from 'node:zlib';
import type { BodyBudget } from './read-body';

/** gRPC status codes this receiver answers with. */
export const GRPC_STATUS = {
  OK: 0,
  CANCELLED: 1,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  RESOURCE_EXHAUSTED: 8,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
} as const;

export type GrpcStatusCode = (typeof GRPC_STATUS)[keyof typeof GRPC_STATUS];

export type MessageResult = { ok: true; message: Buffer } | { ok: false; code: GrpcStatusCode; details: string } | { ok: false; code: 'aborted' };

const PREFIX = 5;

/**
 * `encoding` is the request's `grpc-encoding` (`identity` or `gzip`). The bytes a read
 * holds are released when it finishes, whatever the outcome; the returned message is not
 * counted (the caller decodes it at once).
 */
export function readGrpcMessage(stream: Readable, encoding: string, maxBytes: number, budget: BodyBudget): Promise<MessageResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let held = 0;
    let declared = -1;
    let compressed = false;
    let done = false;
    const finish = (r: MessageResult): void => {
      if (done) return;
      done = true;
      budget.used -= held;
      held = 0;
      stream.off('data', onData);
      resolve(r);
    };
    const onData = (chunk: Buffer): void => {
      if (done) return;
      held += chunk.length;
      budget.used += chunk.length;
      if (budget.used > budget.max) {
        return finish({ ok: false, code: GRPC_STATUS.UNAVAILABLE, details: 'too many request bytes in flight; retry later' });
      }
      budget.peak = Math.max(budget.peak ?? 0, budget.used);
      chunks.push(chunk);
      if (declared < 0 && held >= PREFIX) {
        const head = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, held);
        compressed = head[0] === 1;
        declared = head.readUInt32BE(1);
        if (declared > maxBytes) {
          return finish({ ok: false, code: GRPC_STATUS.RESOURCE_EXHAUSTED, details: `message of ${declared} bytes is larger than the ${maxBytes}-byte limit` });
        }
      }
      if (declared >= 0 && held > PREFIX + declared) {
        finish({ ok: false, code: GRPC_STATUS.INVALID_ARGUMENT, details: 'more than one request message for a unary call' });
      }
    };
    stream.on('data', onData);
    stream.once('end', () => {
      if (done) return;
      if (declared < 0 || held < PREFIX + declared) {
        return finish({ ok: false, code: GRPC_STATUS.INVALID_ARGUMENT, details: 'the request ended before its message was complete' });
      }
      const framed = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, held);
      const body = framed.subarray(PREFIX);
      if (!compressed) return finish({ ok: true, message: body });
      finish(inflate(body, encoding, maxBytes));
    });
    stream.once('error', () => finish({ ok: false, code: 'aborted' }));
    stream.once('close', () => finish({ ok: false, code: 'aborted' }));
  });
}

function inflate(body: Buffer, encoding: string, maxBytes: number): MessageResult {
  if (encoding !== 'gzip') {
    return { ok: false, code: GRPC_STATUS.UNIMPLEMENTED, details: `message compressed with "${encoding}"; this receiver accepts gzip or identity` };
  }
  try {
    // maxOutputLength stops inflating at the cap, so a small bomb never allocates its full size.
    return { ok: true, message: zlib.gunzipSync(body, { maxOutputLength: maxBytes }) };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      return { ok: false, code: GRPC_STATUS.RESOURCE_EXHAUSTED, details: `message decompresses to more than the ${maxBytes}-byte limit` };
    }
    return { ok: false, code: GRPC_STATUS.INVALID_ARGUMENT, details: `message is not valid gzip (${(err as Error).message})` };
  }
}
