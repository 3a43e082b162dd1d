/**
 * OTLP/HTTP receiver against real posts: the SDK's own serializers for good bodies, and
 * each kind of bad input with the status code the OTLP specification gives it.
 */
import { gzipSync } from 'node:zlib';
import { createServer, type Server } from 'node:net';
import type { OtlpReceiver } from '../../src/otlp/receiver';
import { otlpTypes } from '../../src/otlp/otlp-proto';
import { jsonBody, makeSpans, protobufBody, startTestReceiver } from '../support/otlp';
import { post } from '../support/otlp-post';

const PROTO = { 'content-type': 'application/x-protobuf' };
const JSON_TYPE = { 'content-type': 'application/json' };

describe('OTLP/HTTP receiver', () => {
  let receiver: OtlpReceiver;
  let url: string;
  beforeAll(async () => {
    receiver = await startTestReceiver();
    url = `${receiver.httpUrl}/v1/traces`;
  });
  afterAll(() => receiver.close());

  it.each([
    ['protobuf', protobufBody, PROTO, {}],
    ['JSON', jsonBody, JSON_TYPE, {}],
    ['gzipped protobuf', (s: ReturnType<typeof makeSpans>) => gzipSync(protobufBody(s)), PROTO, { 'content-encoding': 'gzip' }],
    ['gzipped JSON', (s: ReturnType<typeof makeSpans>) => gzipSync(jsonBody(s)), { 'content-type': 'application/json; charset=utf-8' }, { 'content-encoding': 'gzip' }],
  ])('accepts %s and indexes every span by trace and service', async (_name, encode, type, extra) => {
    const spans = makeSpans(3, `svc-${_name.replace(/ /g, '-')}`);
    const res = await post(url, encode(spans), { ...type, ...extra });
    expect(res.status).toBe(200);
    const first = spans[0]!.spanContext();
    const indexed = receiver.spanIndex.byTrace(first.traceId);
    expect(indexed).toHaveLength(1);
    expect(indexed[0]).toMatchObject({ spanId: first.spanId, kind: 2, name: 'GET /items/:id', parentSpanId: null });
    expect(indexed[0]!.attributes['http.route']).toBe('/items/:id');
    expect(indexed[0]!.resource.attributes['service.version']).toBe('1.2.3');
    expect(receiver.spanIndex.byService(`svc-${_name.replace(/ /g, '-')}`)).toHaveLength(3);
  });

  it('answers protobuf with an empty ExportTraceServiceResponse', async () => {
    const res = await post(url, protobufBody(makeSpans(1)), PROTO);
    expect(res.headers['content-type']).toBe('application/x-protobuf');
    expect(otlpTypes().response.toObject(otlpTypes().response.decode(res.body))).toEqual({});
  });

  it('rejects spans with bad ids through partial_success, keeping the good ones', async () => {
    const body = JSON.parse(jsonBody(makeSpans(2, 'partial')).toString()) as { resourceSpans: { scopeSpans: { spans: { traceId: string }[] }[] }[] };
    body.resourceSpans[0]!.scopeSpans[0]!.spans[0]!.traceId = '00000000000000000000000000000000';
    const res = await post(url, JSON.stringify(body), JSON_TYPE);
    expect(res.status).toBe(200);
    const answer = JSON.parse(res.body.toString()) as { partialSuccess: { rejectedSpans: number; errorMessage: string } };
    expect(answer.partialSuccess.rejectedSpans).toBe(1);
    expect(answer.partialSuccess.errorMessage).toMatch(/trace id/);
    expect(receiver.spanIndex.byService('partial')).toHaveLength(1);
  });

  it.each([
    ['random bytes as protobuf', 400, Buffer.from('\xff\xff\xff\xff garbage'), PROTO],
    ['truncated protobuf', 400, () => protobufBody(makeSpans(2)).subarray(0, 40), PROTO],
    ['broken JSON', 400, '{"resourceSpans": [', JSON_TYPE],
    ['JSON of the wrong shape', 400, '{"resourceSpans": "nope"}', JSON_TYPE],
    ['JSON with a numeric span name', 400, '{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":5}]}]}]}', JSON_TYPE],
    ['text/plain', 415, 'hello', { 'content-type': 'text/plain' }],
    ['no content type', 415, 'hello', {}],
    ['a body over the cap', 413, Buffer.alloc(70 * 1024), PROTO],
  ])('answers %s with %i', async (_name, status, body, headers) => {
    const res = await post(url, typeof body === 'function' ? body() : body, headers);
    expect(res.status).toBe(status);
    if (status !== 415) expect(res.headers['content-type']).toBe((headers as Record<string, string>)['content-type']);
  });

  it('answers a chunked body that grows past the cap with 413', async () => {
    const res = await post(url, Buffer.alloc(200 * 1024, 1), PROTO, 'POST', true);
    expect(res.status).toBe(413);
  });

  it('answers a gzip bomb with 413 after inflating no more than the cap', async () => {
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const res = await post(url, bomb, { ...PROTO, 'content-encoding': 'gzip' });
    expect(res.status).toBe(413);
    expect(String(otlpTypes().status.decode(res.body).toJSON().message)).toMatch(/after decompression/);
  });

  it.each([
    ['gzip that is not gzip', 400, { 'content-encoding': 'gzip' }],
    ['an unsupported encoding', 400, { 'content-encoding': 'zstd' }],
  ])('answers %s with %i', async (_name, status, headers) => {
    const res = await post(url, protobufBody(makeSpans(1)), { ...PROTO, ...headers });
    expect(res.status).toBe(status);
  });

  it.each(['GET', 'PUT', 'DELETE'])('answers %s with 405 and Allow: POST', async (method) => {
    const res = await post(url, null, PROTO, method);
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('POST');
  });

  it('answers other paths with 404', async () => {
    expect((await post(`${receiver.httpUrl}/v1/metrics`, protobufBody(makeSpans(1)), PROTO)).status).toBe(404);
  });
});

describe('OTLP/HTTP receiver when the index is full', () => {
  it('answers 429 with Retry-After and takes nothing of the batch', async () => {
    const receiver = await startTestReceiver({ maxSpans: 100, retentionMs: 30_000 });
    try {
      const url = `${receiver.httpUrl}/v1/traces`;
      expect((await post(url, protobufBody(makeSpans(80, 'full')), PROTO)).status).toBe(200);
      const res = await post(url, protobufBody(makeSpans(30, 'full')), PROTO);
      expect(res.status).toBe(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(30);
      expect(receiver.spanIndex.stats().spans).toBe(80);
    } finally {
      await receiver.close();
    }
  });
});

describe('OTLP receiver ports', () => {
  let blocker: Server;
  let taken: number;
  beforeAll(async () => {
    blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    taken = (blocker.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((r) => blocker.close(() => r())));

  it('binds an ephemeral port when the configured one is taken and fallback is asked for (check), and says which', async () => {
    const receiver = await startTestReceiver({ port: taken, grpcPort: taken, fallbackPort: true });
    try {
      expect(receiver.httpUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(new URL(receiver.httpUrl).port).not.toBe(String(taken));
      expect(new URL(receiver.grpcUrl).port).not.toBe(String(taken));
      expect((await post(`${receiver.httpUrl}/v1/traces`, protobufBody(makeSpans(1)), PROTO)).status).toBe(200);
    } finally {
      await receiver.close();
    }
  });

  it.each([
    ['otlp.port', { port: -1, grpcPort: 0 }],
    ['otlp.grpcPort', { port: 0, grpcPort: -1 }],
  ])('fails with "port N is in use (%s)" without fallback (serve)', async (key, ports) => {
    const over = { port: ports.port < 0 ? taken : 0, grpcPort: ports.grpcPort < 0 ? taken : 0 };
    await expect(startTestReceiver(over)).rejects.toMatchObject({ code: 'PORT_IN_USE', message: expect.stringContaining(`port ${taken} is in use (${key})`) });
  });
});
