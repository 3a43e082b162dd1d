/**
 * OTLP/gRPC `TraceService/Export`, served on node:http2 directly (the Go and Java SDKs often
 * default to gRPC). Not on @grpc/grpc-js's server: its `grpc.max_receive_message_length` is
 * checked against each message's declared length, but every stream below the cap is
 * buffered in full with no bound across streams and no cap on connections, so 192 streams
 * each one byte short of a 19 MB message held 3.3 GB. Here every byte read counts against
 * the receiver's shared in-flight budget, connections and streams per connection are
 * capped, and idle connections and slow requests time out.
 *
 * Status codes follow the OTLP specification: INVALID_ARGUMENT for bad data (not retried),
 * RESOURCE_EXHAUSTED for a message over the cap, UNAVAILABLE when too many bytes are in
 * flight, the index is full or the receiver is closing (retried).
 */
import * as http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { ingestSpans, type IngestDeps } from './ingest';
import { GRPC_STATUS, readGrpcMessage, type GrpcStatusCode } from './grpc-message';
import { otlpTypes, TRACE_EXPORT_PATH } from './otlp-proto';
import { decodeSpans, WireError } from './otlp-wire';
import type { BodyBudget } from './read-body';

export interface GrpcReceiverOptions extends IngestDeps {
  maxBodyBytes: number;
  budget: BodyBudget;
  /** Connections open at once; more are closed as they arrive. */
  maxConnections: number;
  /** Streams (calls) a connection may have open at once, advertised in SETTINGS. */
  maxConcurrentStreams: number;
  /** A connection with no traffic for this long is closed (GOAWAY). */
  idleTimeoutMs: number;
  /** A call must have sent its whole message within this long. */
  requestTimeoutMs: number;
  closing(): boolean;
}

export interface GrpcReceiver {
  server: http2.Http2Server;
  port: number;
  /** Closes the listener and sends GOAWAY; calls in flight may finish. */
  close(): Promise<void>;
  /** Cuts every connection. */
  forceClose(): void;
}

/** `grpc-message` is percent-encoded outside printable ASCII (gRPC over HTTP/2, "Responses"). */
function grpcMessage(details: string): string {
  return details.replace(/[^\x20-\x24\x26-\x7e]/gu, (c) => encodeURIComponent(c));
}

/** How long a refused call's status gets to leave before the stream is reset. */
const RESET_AFTER_MS = 200;

function answerStatus(stream: http2.ServerHttp2Stream, code: GrpcStatusCode, details: string): void {
  if (stream.destroyed || stream.closed) return;
  if (!stream.headersSent) {
    // Trailers-only response: status in the headers, stream ended.
    stream.respond({ ':status': 200, 'content-type': 'application/grpc+proto', 'grpc-status': String(code), 'grpc-message': grpcMessage(details) }, { endStream: true });
  }
  if (stream.readableEnded) return;
  // The rest of an unread message is dropped as it comes (nothing is kept), and once the
  // status has left, RST_STREAM(NO_ERROR) asks the client to stop sending (RFC 9113 §8.1).
  // Resetting at once would discard the status still queued behind it.
  stream.resume();
  setTimeout(() => stream.closed || stream.close(http2.constants.NGHTTP2_NO_ERROR), RESET_AFTER_MS).unref();
}

function answerMessage(stream: http2.ServerHttp2Stream, message: Uint8Array): void {
  if (stream.destroyed || stream.closed) return;
  const framed = Buffer.alloc(5 + message.length);
  framed.writeUInt32BE(message.length, 1);
  framed.set(message, 5);
  stream.respond({ ':status': 200, 'content-type': 'application/grpc+proto', 'grpc-accept-encoding': 'identity,gzip' }, { waitForTrailers: true });
  stream.once('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
  stream.end(framed);
}

async function handleCall(stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders, o: GrpcReceiverOptions): Promise<void> {
  if (headers[':method'] !== 'POST' || !String(headers['content-type'] ?? '').startsWith('application/grpc')) {
    stream.respond({ ':status': 415, 'content-type': 'text/plain' }, { endStream: true });
    return;
  }
  if (headers[':path'] !== TRACE_EXPORT_PATH) return answerStatus(stream, GRPC_STATUS.UNIMPLEMENTED, `unknown method ${String(headers[':path'])}; only ${TRACE_EXPORT_PATH}`);
  if (o.closing()) return answerStatus(stream, GRPC_STATUS.UNAVAILABLE, 'the receiver is shutting down');
  stream.setTimeout(o.requestTimeoutMs, () => answerStatus(stream, GRPC_STATUS.DEADLINE_EXCEEDED, `the request message did not arrive within ${o.requestTimeoutMs} ms`));
  const read = await readGrpcMessage(stream, String(headers['grpc-encoding'] ?? 'identity'), o.maxBodyBytes, o.budget);
  if (!read.ok) {
    if (read.code === 'aborted') return;
    return answerStatus(stream, read.code, read.details);
  }
  stream.setTimeout(0);
  let spans;
  try {
    spans = decodeSpans(read.message, 'grpc');
  } catch (err) {
    if (!(err instanceof WireError)) throw err;
    return answerStatus(stream, GRPC_STATUS.INVALID_ARGUMENT, `not a valid ExportTraceServiceRequest: ${(err as Error).message}`);
  }
  const outcome = ingestSpans(spans, 'grpc', o);
  if (outcome.kind === 'malformed') return answerStatus(stream, GRPC_STATUS.INVALID_ARGUMENT, outcome.message);
  if (outcome.kind === 'full') return answerStatus(stream, GRPC_STATUS.UNAVAILABLE, `span index full; ${outcome.spans} spans not taken`);
  const types = otlpTypes();
  const body = outcome.rejected > 0 ? { partialSuccess: { rejectedSpans: outcome.rejected, errorMessage: outcome.message ?? '' } } : {};
  answerMessage(stream, types.response.encode(types.response.fromObject(body)).finish());
}

function createServer(o: GrpcReceiverOptions): http2.Http2Server {
  const server = http2.createServer({
    settings: { maxConcurrentStreams: o.maxConcurrentStreams },
  });
  server.maxConnections = o.maxConnections;
  server.on('session', (session) => {
    session.on('error', () => session.destroy());
    // No frame for idleTimeoutMs: GOAWAY, then cut it if the peer does not go.
    session.setTimeout(o.idleTimeoutMs, () => {
      session.close();
      setTimeout(() => session.destroy(), 1000).unref();
    });
  });
  server.on('stream', (stream, headers) => {
    stream.on('error', () => stream.destroy());
    handleCall(stream, headers, o).catch((err: unknown) => {
      // A bug of ours must cost one export, not the process.
      o.logger.error({ err }, 'OTLP/gRPC export failed');
      answerStatus(stream, GRPC_STATUS.INTERNAL, 'internal error');
    });
  });
  return server;
}

function listen(server: http2.Http2Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * Binds `host:port`. With `fallback`, a taken port falls back to an ephemeral one (what
 * `check` does beside a running `serve`); otherwise EADDRINUSE is thrown.
 */
export async function startGrpcReceiver(host: string, port: number, o: GrpcReceiverOptions, fallback: boolean): Promise<GrpcReceiver> {
  const server = createServer(o);
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on('session', (s) => {
    sessions.add(s);
    s.once('close', () => sessions.delete(s));
  });
  let bound: number;
  try {
    bound = await listen(server, host, port);
  } catch (err) {
    if (!fallback || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === 0) throw err;
    o.logger.warn({ port }, 'OTLP/gRPC port taken; binding an ephemeral port');
    bound = await listen(server, host, 0);
  }
  return {
    server,
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sessions) s.close();
      }),
    forceClose: () => {
      for (const s of sessions) s.destroy();
    },
  };
}
