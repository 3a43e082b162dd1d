/**
 * `distroready serve`: listens, sweeps on the interval, and shuts down gracefully —
 * stops accepting requests, cancels the running sweep (its processes are stopped), flushes
 * telemetry.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import { createApp } from './api/create-app';
import { createProbeRunner } from './api/probe-runner';
import { configuredLatest } from './api/workload-routes';
import type { CheckCatalog } from './checks/load-checks';
import type { Config } from './config/config-types';
import { createEngine } from './engine/create-engine';
import { SweepScheduler } from './engine/scheduler';
import { createMetrics } from './metrics/metrics';
import { receiverEngineOptions, startConfiguredReceiver } from './otlp/start';
import { SqliteStore } from './store/sqlite-store';

export interface RunningServer {
  server: Server;
  url: string;
  scheduler: SweepScheduler;
  close(): Promise<void>;
}

export async function startServer(config: Config, checks: CheckCatalog, logger: Logger): Promise<RunningServer> {
  const metrics = createMetrics(new Registry());
  const store = new SqliteStore({ file: config.storage.path, retentionMs: config.storage.retentionMs, logger: logger.child({ component: 'store' }) });
  const otlp = await startConfiguredReceiver(config.otlp, { logger: logger.child({ component: 'otlp' }), metrics });
  const engine = createEngine({ config, checks, logger, metrics, ...receiverEngineOptions(otlp) });
  const workloadNames = (): string[] => config.workloads.map((w) => w.name);
  let lastSweepAt: Date | null = null;
  const runner = createProbeRunner({
    engine,
    workloads: () => config.workloads,
    allowTargets: config.api.allowTargets,
    onResult: (result) => {
      store.save([result]);
      // Until the first sweep sets every series, one on-demand result waits in the store.
      if (lastSweepAt) metrics.setResults(configuredLatest(store, workloadNames), lastSweepAt);
    },
  });
  const scheduler = new SweepScheduler({
    intervalMs: config.sweep.intervalMs,
    // On-demand probes of configured workloads and sweeps take turns, so no `run` workload starts twice.
    runSweep: (signal) => runner.exclusive(() => engine.sweep(undefined, signal)),
    onSweep: (result) => {
      lastSweepAt = result.finishedAt;
      store.save(result.results);
      metrics.setResults(result.results, result.finishedAt);
    },
    logger,
  });
  const app = createApp({
    store,
    metrics,
    logger,
    workloadNames,
    runner,
    access: config.api,
    readiness: { notReadyReason: () => (scheduler.completed > 0 ? null : 'the first sweep has not finished') },
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.server.port, config.server.host, () => resolve(s));
    s.once('error', reject);
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address === '0.0.0.0' ? '127.0.0.1' : addr.address;
  const url = `http://${host}:${addr.port}`;
  logger.info({ url, workloads: config.workloads.length, config: config.file }, 'distroready serving');
  scheduler.start();
  return {
    server,
    url,
    scheduler,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await scheduler.stop();
      await otlp?.close();
      store.close();
    },
  };
}
