/** OTLP/gRPC: real exports with grpc-js, and each kind of bad input with its gRPC status. */
import * as grpc from '@grpc/grpc-js';
import { gzipSync } from 'node:zlib';
import { otlpTypes, TRACE_EXPORT_PATH } from '../../src/otlp/otlp-proto';
import type { OtlpReceiver } from '../../src/otlp/receiver';
import { makeSpans, protobufBody, startTestReceiver } from '../support/otlp';

type Answer = { error: grpc.ServiceError | null; response?: Buffer };

function exportRaw(client: grpc.Client, body: Buffer): Promise<Answer> {
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      TRACE_EXPORT_PATH,
      (b: Buffer) => b,
      (b: Buffer) => b,
      body,
      (error, response) => resolve({ error, response }),
    );
  });
}

describe('OTLP/gRPC receiver', () => {
  let receiver: OtlpReceiver;
  let client: grpc.Client;
  beforeAll(async () => {
    receiver = await startTestReceiver({ maxSpans: 50 });
    client = new grpc.Client(new URL(receiver.grpcUrl).host, grpc.credentials.createInsecure());
  });
  afterAll(async () => {
    client.close();
    await receiver.close();
  });

  it('indexes an export and answers an empty response', async () => {
    const spans = makeSpans(2, 'grpc-svc');
    const answer = await exportRaw(client, protobufBody(spans));
    expect(answer.error).toBeNull();
    expect(otlpTypes().response.toObject(otlpTypes().response.decode(answer.response!))).toEqual({});
    expect(receiver.spanIndex.byTrace(spans[0]!.spanContext().traceId)[0]).toMatchObject({ transport: 'grpc', resource: { serviceName: 'grpc-svc' } });
  });

  it('reports spans with bad ids as partial success', async () => {
    const type = otlpTypes().request;
    const request = type.toObject(type.decode(protobufBody(makeSpans(2, 'grpc-partial')))) as { resourceSpans: { scopeSpans: { spans: { spanId: Buffer }[] }[] }[] };
    request.resourceSpans[0]!.scopeSpans[0]!.spans[1]!.spanId = Buffer.alloc(8);
    const answer = await exportRaw(client, Buffer.from(type.encode(type.fromObject(request)).finish()));
    expect(answer.error).toBeNull();
    const response = otlpTypes().response.toObject(otlpTypes().response.decode(answer.response!), { longs: Number }) as { partialSuccess: { rejectedSpans: number } };
    expect(response.partialSuccess.rejectedSpans).toBe(1);
  });

  it.each([
    ['bytes that are not protobuf', grpc.status.INVALID_ARGUMENT, () => Buffer.from('\xff\xff\xff\xff garbage')],
    ['a message over the size cap', grpc.status.RESOURCE_EXHAUSTED, () => Buffer.alloc(70 * 1024)],
    ['a batch larger than the room left in the index', grpc.status.UNAVAILABLE, () => protobufBody(makeSpans(60, 'grpc-full'))],
  ])('answers %s with status %i', async (_name, code, body) => {
    const answer = await exportRaw(client, body());
    expect(answer.error?.code).toBe(code);
  });

  it('answers a gzip-compressed message that inflates past the cap with RESOURCE_EXHAUSTED', async () => {
    const gz = new grpc.Client(new URL(receiver.grpcUrl).host, grpc.credentials.createInsecure(), { 'grpc.default_compression_algorithm': grpc.compressionAlgorithms.gzip });
    try {
      expect(gzipSync(Buffer.alloc(10 * 1024 * 1024)).length).toBeLessThan(64 * 1024);
      const answer = await exportRaw(gz, Buffer.alloc(10 * 1024 * 1024));
      expect(answer.error?.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    } finally {
      gz.close();
    }
  });
});
