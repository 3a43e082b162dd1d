// Loaded with `node --require ./tracing.js` semantics: first, so http and pino get instrumented.
// Exports over OTLP to OTEL_EXPORTER_OTLP_ENDPOINT with the protocol OTEL_EXPORTER_OTLP_PROTOCOL
// names (http/protobuf by default, http/json or grpc), as the OpenTelemetry SDKs do.
'use strict';
const { NodeSDK } = require('@opentelemetry/sdk-node');
const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');
const { PinoInstrumentation } = require('@opentelemetry/instrumentation-pino');

function exporter() {
  const protocol = process.env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL || process.env.OTEL_EXPORTER_OTLP_PROTOCOL || 'http/protobuf';
  if (protocol === 'grpc') return new (require('@opentelemetry/exporter-trace-otlp-grpc').OTLPTraceExporter)();
  if (protocol === 'http/json') return new (require('@opentelemetry/exporter-trace-otlp-http').OTLPTraceExporter)();
  return new (require('@opentelemetry/exporter-trace-otlp-proto').OTLPTraceExporter)();
}

if (process.env.OTEL_EXPORTER_OTLP_ENDPOINT) {
  const sdk = new NodeSDK({
    traceExporter: exporter(),
    instrumentations: [new HttpInstrumentation(), new PinoInstrumentation()],
  });
  sdk.start();
  process.once('SIGTERM', () => sdk.shutdown().finally(() => process.exit(0)));
}
