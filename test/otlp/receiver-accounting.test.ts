/**
 * What the receiver tells operators and senders beyond one request: spans counted on the
 * metrics registry, 503 when too many body bytes are in flight at once, and the env that
 * points a `run` workload at the right transport.
 */
import * as http from 'node:http';
import { Registry } from 'prom-client';
import { createMetrics } from '../../src/metrics/metrics';
import { startOtlpReceiver } from '../../src/otlp/receiver';
import { startConfiguredReceiver } from '../../src/otlp/start';
import { otlpEnvFor } from '../../src/otlp/workload-env';
import { silentLogger } from '../../src/telemetry/logger';
import { makeSpans, protobufBody, testConfig } from '../support/otlp';
import { post } from '../support/otlp-post';

const PROTO = { 'content-type': 'application/x-protobuf' };

describe('receiver metrics', () => {
  it('counts accepted and rejected spans by transport and reason', async () => {
    const metrics = createMetrics(new Registry(), { processMetrics: false });
    const receiver = await startOtlpReceiver(testConfig({ maxSpans: 100 }), { logger: silentLogger(), metrics });
    try {
      const url = `${receiver.httpUrl}/v1/traces`;
      await post(url, protobufBody(makeSpans(3)), PROTO);
      const badIds = { resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: 'ab', spanId: 'cd', name: 'x' }] }] }] };
      await post(url, JSON.stringify(badIds), { 'content-type': 'application/json' });
      await post(url, protobufBody(makeSpans(120)), PROTO);
      const text = await metrics.registry.metrics();
      expect(text).toContain('distroready_otlp_spans_accepted_total{transport="http/protobuf"} 3');
      expect(text).toContain('distroready_otlp_spans_rejected_total{transport="http/json",reason="invalid"} 1');
      expect(text).toContain('distroready_otlp_spans_rejected_total{transport="http/protobuf",reason="full"} 120');
      expect(text).toContain('distroready_otlp_indexed_spans 3');
    } finally {
      await receiver.close();
    }
  });
});

describe('bytes in flight', () => {
  it('answers 503 with Retry-After once unfinished bodies add up past the budget', async () => {
    const receiver = await startOtlpReceiver(testConfig({ maxBodyBytes: 64 * 1024 }), { logger: silentLogger() });
    const open: http.ClientRequest[] = [];
    try {
      // Four bodies of 60 KiB each fit the budget (four times the body cap); a fifth does not.
      const answers: Promise<{ status: number; retryAfter?: string }>[] = [];
      for (let i = 0; i < 5; i++) {
        const req = http.request(`${receiver.httpUrl}/v1/traces`, { method: 'POST', agent: false, headers: PROTO });
        answers.push(new Promise((resolve) => req.on('response', (res) => (res.resume(), resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string })))));
        req.on('error', () => undefined);
        req.write(Buffer.alloc(60 * 1024));
        open.push(req);
      }
      // None of the bodies ends, so the only answer that can come is the refusal of one of them.
      const first = await Promise.race([...answers, new Promise<{ status: number }>((r) => setTimeout(() => r({ status: -1 }), 10_000))]);
      expect(first).toEqual({ status: 503, retryAfter: '1' });
    } finally {
      for (const req of open) req.destroy();
      await receiver.close();
    }
  });
});

describe('starting from config', () => {
  it('starts nothing when otlp.enabled is false', async () => {
    expect(await startConfiguredReceiver({ ...testConfig(), enabled: false, maxIndexBytes: 1 << 20, maxConnections: 8, maxConcurrentStreams: 4, idleTimeoutMs: 1000 }, { logger: silentLogger() })).toBeNull();
  });
});

describe('otlpEnvFor', () => {
  const endpoints = { http: 'http://127.0.0.1:4318', grpc: 'http://127.0.0.1:4317' };
  it.each([
    [undefined, 'http://127.0.0.1:4318', 'http/protobuf'],
    ['http/protobuf', 'http://127.0.0.1:4318', 'http/protobuf'],
    ['http/json', 'http://127.0.0.1:4318', 'http/json'],
    ['grpc', 'http://127.0.0.1:4317', 'grpc'],
  ])('traces.protocol %s → %s over %s', (protocol, endpoint, wire) => {
    const env = otlpEnvFor({ name: 'w', ...(protocol ? { traces: { protocol } } : {}) }, endpoints);
    expect(env).toEqual({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: wire });
  });

  it('sets nothing without a receiver', () => {
    expect(otlpEnvFor({ name: 'w', traces: { protocol: 'grpc' } }, undefined)).toEqual({});
  });
});
