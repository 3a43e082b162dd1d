/**
 * OTLP/HTTP `POST /v1/traces`, answered as the OTLP specification says: 200 (with
 * `partial_success` when some spans were rejected), 400 malformed, 404 other paths, 405
 * not POST, 413 over the size cap after decompression, 415 other media types, 429 (index
 * full) and 503 (too many bytes in flight, or shutting down) with `Retry-After`. Error
 * bodies are `google.rpc.Status`, in the request's encoding.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ingest, ingestSpans, type IngestDeps, type IngestOutcome } from './ingest';
import { otlpTypes } from './otlp-proto';
import { decodeSpans, WireError } from './otlp-wire';
import { readBody, type BodyBudget } from './read-body';

export interface HttpReceiverOptions extends IngestDeps {
  maxBodyBytes: number;
  budget: BodyBudget;
  /** True once the receiver is closing: new exports get 503. */
  closing(): boolean;
}

type Encoding = 'protobuf' | 'json';

/** gRPC status codes used in `google.rpc.Status` bodies. */
const RPC = { INVALID_ARGUMENT: 3, NOT_FOUND: 5, RESOURCE_EXHAUSTED: 8, UNIMPLEMENTED: 12, UNAVAILABLE: 14 } as const;

function mediaType(req: IncomingMessage): Encoding | null {
  const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/x-protobuf' || type === 'application/protobuf') return 'protobuf';
  if (type === 'application/json') return 'json';
  return null;
}

function send(res: ServerResponse, status: number, encoding: Encoding, body: Record<string, unknown>, headers: Record<string, string> = {}): void {
  const types = otlpTypes();
  const message = status === 200 ? types.response : types.status;
  const payload = encoding === 'json' ? Buffer.from(JSON.stringify(body)) : Buffer.from(message.encode(message.fromObject(body)).finish());
  res.writeHead(status, {
    'content-type': encoding === 'json' ? 'application/json' : 'application/x-protobuf',
    'content-length': String(payload.length),
    ...headers,
  });
  res.end(payload);
}

function fail(res: ServerResponse, status: number, encoding: Encoding, code: number, message: string, headers: Record<string, string> = {}): void {
  // The rest of an unread body is not worth reading: close the connection after answering.
  if (!res.req.complete) headers = { ...headers, connection: 'close' };
  send(res, status, encoding, { code, message }, headers);
}

/** Decodes and indexes a body; `undecodable` when it is not a request at all. */
function decodeAndIngest(body: Buffer, encoding: Encoding, o: HttpReceiverOptions): IngestOutcome | { kind: 'undecodable'; message: string } {
  let decoded;
  try {
    decoded = encoding === 'json' ? (JSON.parse(body.toString('utf8')) as unknown) : decodeSpans(body, 'http/protobuf');
  } catch (err) {
    // Bugs of ours are not the sender's bad bytes: they go on to the 500 handler.
    if (!(err instanceof WireError) && !(err instanceof SyntaxError)) throw err;
    return { kind: 'undecodable', message: `not a valid ${encoding === 'json' ? 'OTLP/JSON' : 'OTLP protobuf'} ExportTraceServiceRequest: ${(err as Error).message}` };
  }
  return encoding === 'json' ? ingest(decoded, 'http/json', o) : ingestSpans(decoded as ReturnType<typeof decodeSpans>, 'http/protobuf', o);
}

const retryAfter = (ms: number): Record<string, string> => ({ 'retry-after': String(Math.max(1, Math.ceil(ms / 1000))) });

export function createHttpHandler(o: HttpReceiverOptions): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(req, res, o).catch((err: unknown) => {
      o.logger.error({ err }, 'OTLP/HTTP handler failed');
      if (!res.headersSent) fail(res, 500, 'json', 13, 'internal error');
      else res.destroy();
    });
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, o: HttpReceiverOptions): Promise<void> {
  const encoding = mediaType(req);
  const path = (req.url ?? '/').split('?')[0];
  if (path !== '/v1/traces') return fail(res, 404, encoding ?? 'json', RPC.NOT_FOUND, 'only /v1/traces is served here');
  if (req.method !== 'POST') return fail(res, 405, encoding ?? 'json', RPC.UNIMPLEMENTED, 'use POST', { allow: 'POST' });
  if (!encoding) return fail(res, 415, 'json', RPC.INVALID_ARGUMENT, 'content-type must be application/x-protobuf or application/json');
  if (o.closing()) return fail(res, 503, encoding, RPC.UNAVAILABLE, 'the receiver is shutting down', retryAfter(5000));
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > o.maxBodyBytes) return fail(res, 413, encoding, RPC.INVALID_ARGUMENT, `request body larger than ${o.maxBodyBytes} bytes`);
  const read = await readBody(req, o.maxBodyBytes, o.budget);
  if (!read.ok) {
    if (read.reason === 'aborted') return void res.destroy();
    if (read.reason === 'too-large') return fail(res, 413, encoding, RPC.INVALID_ARGUMENT, read.message);
    if (read.reason === 'busy') return fail(res, 503, encoding, RPC.UNAVAILABLE, read.message, retryAfter(1000));
    return fail(res, 400, encoding, RPC.INVALID_ARGUMENT, read.message);
  }
  let outcome;
  try {
    outcome = decodeAndIngest(read.body, encoding, o);
  } finally {
    o.budget.used -= read.body.length;
  }
  if (outcome.kind === 'undecodable' || outcome.kind === 'malformed') return fail(res, 400, encoding, RPC.INVALID_ARGUMENT, outcome.message);
  if (outcome.kind === 'full') {
    return fail(res, 429, encoding, RPC.RESOURCE_EXHAUSTED, `span index full; ${outcome.spans} spans not taken`, retryAfter(outcome.retryAfterMs));
  }
  const partial = outcome.rejected > 0 ? { partialSuccess: { rejectedSpans: outcome.rejected, errorMessage: outcome.message ?? '' } } : {};
  send(res, 200, encoding, partial);
}
