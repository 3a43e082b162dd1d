/**
 * OTLP/gRPC `TraceService/Export` on @grpc/grpc-js: the Go and Java SDKs often default to
 * it. Messages are capped by grpc-js (`grpc.max_receive_message_length`, which it applies
 * after decompression too); decoding and indexing are the same as over HTTP. Status codes
 * follow the OTLP specification: INVALID_ARGUMENT for bad data (not retried), UNAVAILABLE
 * when the index is full or the receiver is closing (retried).
 */
import * as grpc from '@grpc/grpc-js';
import { ingest, type IngestDeps } from './ingest';
import { decodeExportRequest, otlpTypes, TRACE_EXPORT_PATH } from './otlp-proto';

export interface GrpcReceiverOptions extends IngestDeps {
  maxBodyBytes: number;
  closing(): boolean;
}

const identity = (b: Buffer): Buffer => b;

const traceService: grpc.ServiceDefinition = {
  Export: {
    path: TRACE_EXPORT_PATH,
    requestStream: false,
    responseStream: false,
    requestSerialize: identity,
    requestDeserialize: identity,
    responseSerialize: identity,
    responseDeserialize: identity,
  },
};

function exportHandler(o: GrpcReceiverOptions): grpc.handleUnaryCall<Buffer, Buffer> {
  const types = otlpTypes();
  return (call, callback) => {
    if (o.closing()) return callback({ code: grpc.status.UNAVAILABLE, details: 'the receiver is shutting down' });
    let request: unknown;
    try {
      request = decodeExportRequest(call.request);
    } catch (err) {
      return callback({ code: grpc.status.INVALID_ARGUMENT, details: `not a valid ExportTraceServiceRequest: ${(err as Error).message}` });
    }
    let outcome;
    try {
      outcome = ingest(request, 'grpc', o);
    } catch (err) {
      // A bug of ours must cost one export, not the process.
      o.logger.error({ err }, 'OTLP/gRPC export failed');
      return callback({ code: grpc.status.INTERNAL, details: 'internal error' });
    }
    if (outcome.kind === 'malformed') return callback({ code: grpc.status.INVALID_ARGUMENT, details: outcome.message });
    if (outcome.kind === 'full') return callback({ code: grpc.status.UNAVAILABLE, details: `span index full; ${outcome.spans} spans not taken` });
    const body = outcome.rejected > 0 ? { partialSuccess: { rejectedSpans: outcome.rejected, errorMessage: outcome.message ?? '' } } : {};
    callback(null, Buffer.from(types.response.encode(types.response.fromObject(body)).finish()));
  };
}

/** Binds `host:port`; a taken port falls back to an ephemeral one. Resolves the bound port. */
export async function startGrpcReceiver(host: string, port: number, o: GrpcReceiverOptions): Promise<{ server: grpc.Server; port: number }> {
  // grpc-js writes its own diagnostics to stderr as plain text; ours go out as JSON log lines.
  grpc.setLogger({
    error: (...args: unknown[]) => o.logger.warn({ component: 'grpc-js' }, args.map(String).join(' ')),
    info: (...args: unknown[]) => o.logger.debug({ component: 'grpc-js' }, args.map(String).join(' ')),
    debug: (...args: unknown[]) => o.logger.debug({ component: 'grpc-js' }, args.map(String).join(' ')),
  });
  const server = new grpc.Server({
    'grpc.max_receive_message_length': o.maxBodyBytes,
    // Each stream may buffer a whole message before we see it: few at once per connection.
    'grpc.max_concurrent_streams': 16,
  });
  server.addService(traceService, { Export: exportHandler(o) });
  const bind = (p: number): Promise<number> =>
    new Promise((resolve, reject) => {
      server.bindAsync(`${host.includes(':') ? `[${host}]` : host}:${p}`, grpc.ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound)));
    });
  let bound: number;
  try {
    bound = await bind(port);
  } catch (err) {
    if (port === 0) throw err;
    o.logger.warn({ port, reason: (err as Error).message }, 'OTLP/gRPC port taken; binding an ephemeral port');
    bound = await bind(0);
  }
  return { server, port: bound };
}
