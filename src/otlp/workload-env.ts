/**
 * How a `run` workload is told where to export: the OTLP endpoint of the transport its
 * `traces.protocol` names, and that protocol, as the OpenTelemetry SDKs read them from
 * the environment. The workload's own `run.env` still wins (launch-process applies it last).
 */
import type { WorkloadConfig } from '../targets/target';

/** The receiver's addresses, as `startOtlpReceiver` bound them. */
export interface OtlpEndpoints {
  http: string;
  grpc?: string;
}

export function otlpEnvFor(workload: WorkloadConfig, endpoints: OtlpEndpoints | undefined): Record<string, string> {
  if (!endpoints) return {};
  const protocol = (workload.traces as { protocol?: string } | undefined)?.protocol ?? 'http/protobuf';
  if (protocol === 'grpc' && endpoints.grpc) {
    return { OTEL_EXPORTER_OTLP_ENDPOINT: endpoints.grpc, OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' };
  }
  return { OTEL_EXPORTER_OTLP_ENDPOINT: endpoints.http, OTEL_EXPORTER_OTLP_PROTOCOL: protocol === 'grpc' ? 'http/protobuf' : protocol };
}
