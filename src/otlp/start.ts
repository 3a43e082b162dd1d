/**
 * The light entry point `serve` and `check` use: starts the receiver when config enables
 * it, loading protobufjs and node:http2 only then, and says what to hand the engine.
 */
import type { Config } from '../config/config-types';
import type { OtlpReceiver, OtlpReceiverDeps } from './receiver';

/**
 * `fallbackPort`: `check` binds an ephemeral port when a configured one is taken (a `serve`
 * runs beside it); `serve` fails with "port N is in use" instead.
 */
export async function startConfiguredReceiver(config: Config['otlp'], deps: OtlpReceiverDeps, fallbackPort = false): Promise<OtlpReceiver | null> {
  if (!config.enabled) return null;
  const { startOtlpReceiver } = await import('./receiver');
  return startOtlpReceiver({ ...config, fallbackPort }, deps);
}

/** The engine options that route `run` workloads' exports to the receiver and give probes its index. */
export function receiverEngineOptions(receiver: OtlpReceiver | null): { services?: { spanIndex: OtlpReceiver['spanIndex'] }; otlpEndpoint?: string; otlpGrpcEndpoint?: string } {
  if (!receiver) return {};
  return { services: { spanIndex: receiver.spanIndex }, otlpEndpoint: receiver.httpUrl, otlpGrpcEndpoint: receiver.grpcUrl };
}
