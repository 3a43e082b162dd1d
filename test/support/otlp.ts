/**
 * Real spans from the OpenTelemetry SDK, serialised by the SDK's own OTLP serializers, so
 * the receiver is tested against what exporters actually send.
 */
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { SpanKind } from '@opentelemetry/api';
import { silentLogger } from '../../src/telemetry/logger';
import { startOtlpReceiver, type OtlpReceiver, type OtlpReceiverConfig } from '../../src/otlp/receiver';

export function makeSpans(count: number, serviceName = 'svc', attributes = 3): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName, 'service.version': '1.2.3' }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('test-scope');
  for (let i = 0; i < count; i++) {
    const attrs: Record<string, string | number> = { 'http.request.method': 'GET', 'http.route': '/items/:id' };
    for (let a = 0; a < attributes; a++) attrs[`attr.${a}`] = `value-${i}-${a}`;
    tracer.startSpan(`GET /items/:id`, { kind: SpanKind.SERVER, attributes: attrs }).end();
  }
  return exporter.getFinishedSpans();
}

export const protobufBody = (spans: ReadableSpan[]): Buffer => Buffer.from(ProtobufTraceSerializer.serializeRequest(spans)!);
export const jsonBody = (spans: ReadableSpan[]): Buffer => Buffer.from(JsonTraceSerializer.serializeRequest(spans)!);

export const testConfig = (over: Partial<OtlpReceiverConfig> = {}): OtlpReceiverConfig => ({
  host: '127.0.0.1',
  port: 0,
  grpcPort: 0,
  maxBodyBytes: 64 * 1024,
  maxSpans: 1000,
  retentionMs: 60_000,
  ...over,
});

export function startTestReceiver(over: Partial<OtlpReceiverConfig> = {}): Promise<OtlpReceiver> {
  return startOtlpReceiver(testConfig(over), { logger: silentLogger() });
}
