/**
 * The embedded OTLP receiver that `serve` and `check` start: OTLP/HTTP and OTLP/gRPC in
 * front of one bounded span index. A configured port that is taken (a `serve` already
 * running beside a `check`) falls back to an ephemeral port instead of failing; the URLs
 * returned are the ones actually bound, which is what `run` workloads are told.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Config } from '../config/config-types';
import type { Metrics } from '../metrics/metrics';
import { startGrpcReceiver } from './grpc-receiver';
import { createHttpHandler } from './http-receiver';
import { otlpTypes } from './otlp-proto';
import { MemorySpanIndex } from './span-index';

/** `otlp` from config; `maxIndexBytes` (the span index's cap in estimated bytes) defaults to 128 MiB. */
export type OtlpReceiverConfig = Omit<Config['otlp'], 'enabled' | 'maxIndexBytes'> & { maxIndexBytes?: number };

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
  close(): Promise<void>;
}

const DEFAULT_INDEX_BYTES = 128 * 1024 * 1024;

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
  // Four bodies at the cap may be buffered at once; beyond that senders are told to retry.
  const budget = { used: 0, max: 4 * config.maxBodyBytes };
  const server = http.createServer({ headersTimeout: 10_000, requestTimeout: 30_000, keepAliveTimeout: 5_000 }, createHttpHandler({ ...common, budget }));
  // Exporters keep a connection or two each; a flood of idle sockets should not exhaust file descriptors.
  server.maxConnections = 1024;
  try {
    await listen(server, config.host, config.port);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || config.port === 0) throw err;
    deps.logger.warn({ port: config.port }, 'OTLP/HTTP port taken; binding an ephemeral port');
    await listen(server, config.host, 0);
  }
  let grpc;
  try {
    grpc = await startGrpcReceiver(config.host, config.grpcPort, common);
  } catch (err) {
    server.close();
    throw err;
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
    async close() {
      closing = true;
      clearInterval(sweeper);
      // Exports in flight get a moment to finish; after that their connections are cut.
      const force = setTimeout(() => {
        server.closeAllConnections();
        grpc.server.forceShutdown();
      }, 2000);
      await Promise.all([
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        }),
        new Promise<void>((resolve) => grpc.server.tryShutdown(() => resolve())),
      ]);
      clearTimeout(force);
    },
  };
  deps.logger.info({ http: receiver.httpUrl, grpc: receiver.grpcUrl }, 'OTLP receiver listening');
  return receiver;
}
