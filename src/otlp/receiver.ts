/**
 * The embedded OTLP receiver that `serve` and `check` start: OTLP/HTTP and OTLP/gRPC in
 * front of one bounded span index and one in-flight byte budget shared by both transports.
 * For `check`, a configured port that is taken (a `serve` already running beside it) falls
 * back to an ephemeral port instead of failing; `serve` fails with "port N is in use". The
 * URLs returned are the ones actually bound, which is what `run` workloads are told.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Config } from '../config/config-types';
import type { Metrics } from '../metrics/metrics';
import { startGrpcReceiver } from './grpc-receiver';
import { createHttpHandler } from './http-receiver';
import { otlpTypes } from './otlp-proto';
import { portInUse } from './receiver-ports';
import { MemorySpanIndex } from './span-index';

type Limits = 'maxIndexBytes' | 'maxInFlightBytes' | 'maxConnections' | 'maxConcurrentStreams' | 'idleTimeoutMs';

/**
 * `otlp` from config; the limits default as config does (`maxInFlightBytes` to four bodies
 * at the cap). `fallbackPort` binds an ephemeral port when a configured one is taken.
 */
export type OtlpReceiverConfig = Omit<Config['otlp'], 'enabled' | Limits> & Partial<Pick<Config['otlp'], Limits>> & { fallbackPort?: boolean };

export interface OtlpReceiverDeps {
  logger: Logger;
  metrics?: Pick<Metrics, 'otlpSpansAccepted' | 'otlpSpansRejected' | 'otlpIndexedSpans'>;
}

export interface OtlpReceiver {
  /** Base URL for OTLP/HTTP exporters (`OTEL_EXPORTER_OTLP_ENDPOINT`); they append `/v1/traces`. */
  httpUrl: string;
  /** Endpoint for OTLP/gRPC exporters, `http://host:port`. */
  grpcUrl: string;
  spanIndex: MemorySpanIndex;
  /** Request bytes held by both transports right now, and the most ever held at once. */
  inFlight(): { bytes: number; peakBytes: number; maxBytes: number };
  close(): Promise<void>;
}

const DEFAULT_INDEX_BYTES = 128 * 1024 * 1024;
const REQUEST_TIMEOUT_MS = 30_000;

function reachableHost(address: string): string {
  if (address === '0.0.0.0' || address === '::' || address === '') return '127.0.0.1';
  return address.includes(':') ? `[${address}]` : address;
}

function listen(server: http.Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

export async function startOtlpReceiver(config: OtlpReceiverConfig, deps: OtlpReceiverDeps): Promise<OtlpReceiver> {
  otlpTypes(); // build the message types now, not on the first export
  const spanIndex = new MemorySpanIndex({
    maxSpans: config.maxSpans,
    maxBytes: config.maxIndexBytes ?? DEFAULT_INDEX_BYTES,
    retentionMs: config.retentionMs,
  });
  let closing = false;
  const common = { index: spanIndex, logger: deps.logger, metrics: deps.metrics, maxBodyBytes: config.maxBodyBytes, closing: () => closing };
  // Both transports draw on one budget: past it, senders are told to retry (503 / UNAVAILABLE).
  const budget = { used: 0, max: config.maxInFlightBytes ?? 4 * config.maxBodyBytes, peak: 0 };
  const maxConnections = config.maxConnections ?? 1024;
  const idleTimeoutMs = config.idleTimeoutMs ?? 60_000;
  const server = http.createServer(
    { headersTimeout: 10_000, requestTimeout: REQUEST_TIMEOUT_MS, keepAliveTimeout: 5_000, connectionsCheckingInterval: 1_000 },
    createHttpHandler({ ...common, budget }),
  );
  // Exporters keep a connection or two each; a flood of idle sockets should not exhaust file descriptors.
  server.maxConnections = maxConnections;
  server.timeout = idleTimeoutMs;
  try {
    await listen(server, config.host, config.port);
  } catch (err) {
    if (!config.fallbackPort || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || config.port === 0) throw portInUse(err, config.port, 'otlp.port');
    deps.logger.warn({ port: config.port }, 'OTLP/HTTP port taken; binding an ephemeral port');
    await listen(server, config.host, 0);
  }
  let grpc;
  try {
    const limits = { budget, maxConnections, maxConcurrentStreams: config.maxConcurrentStreams ?? 16, idleTimeoutMs, requestTimeoutMs: REQUEST_TIMEOUT_MS };
    grpc = await startGrpcReceiver(config.host, config.grpcPort, { ...common, ...limits }, config.fallbackPort ?? false);
  } catch (err) {
    server.close();
    throw portInUse(err, config.grpcPort, 'otlp.grpcPort');
  }
  // Expire on a clock too, so memory and the gauge come down when exports stop arriving.
  const sweeper = setInterval(() => {
    spanIndex.expire();
    deps.metrics?.otlpIndexedSpans.set(spanIndex.size);
  }, Math.min(10_000, Math.max(1000, config.retentionMs / 10)));
  sweeper.unref();
  const addr = server.address() as AddressInfo;
  const host = reachableHost(addr.address);
  const receiver: OtlpReceiver = {
    httpUrl: `http://${host}:${addr.port}`,
    grpcUrl: `http://${host}:${grpc.port}`,
    spanIndex,
    inFlight: () => ({ bytes: budget.used, peakBytes: budget.peak, maxBytes: budget.max }),
    async close() {
      closing = true;
      clearInterval(sweeper);
      // Exports in flight get a moment to finish; after that their connections are cut.
      const force = setTimeout(() => {
        server.closeAllConnections();
        grpc.forceClose();
      }, 2000);
      await Promise.all([
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        }),
        grpc.close(),
      ]);
      clearTimeout(force);
    },
  };
  deps.logger.info({ http: receiver.httpUrl, grpc: receiver.grpcUrl }, 'OTLP receiver listening');
  return receiver;
}
