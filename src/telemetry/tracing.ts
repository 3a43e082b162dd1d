/**
 * distroready's own traces. Started before anything else, and only when an OTLP endpoint
 * is configured: the SDK and its instrumentations cost start-up time a one-shot `check`
 * should not pay for nothing.
 */
import type { NodeSDK } from '@opentelemetry/sdk-node';

let sdk: NodeSDK | null = null;

export function tracingWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) && env.OTEL_SDK_DISABLED !== 'true';
}

/** Starts the SDK with HTTP, Express and pino instrumentation (trace ids in log lines). */
export function startTracing(serviceName = 'distroready'): void {
  if (sdk || !tracingWanted()) return;
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded only when tracing is on */
  const { NodeSDK: SDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { ExpressInstrumentation } = require('@opentelemetry/instrumentation-express') as typeof import('@opentelemetry/instrumentation-express');
  const { PinoInstrumentation } = require('@opentelemetry/instrumentation-pino') as typeof import('@opentelemetry/instrumentation-pino');
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto') as typeof import('@opentelemetry/exporter-trace-otlp-proto');
  /* eslint-enable @typescript-eslint/no-require-imports */
  process.env.OTEL_SERVICE_NAME ??= serviceName;
  sdk = new SDK({
    traceExporter: new OTLPTraceExporter(),
    instrumentations: [
      // Probe requests carry a traceparent the traces probe chose on purpose; instrumenting
      // outgoing HTTP would overwrite it with our own context.
      new HttpInstrumentation({ ignoreOutgoingRequestHook: () => true }),
      new ExpressInstrumentation(),
      new PinoInstrumentation(),
    ],
  });
  sdk.start();
}

export async function stopTracing(): Promise<void> {
  await sdk?.shutdown().catch(() => undefined);
  sdk = null;
}
