/**
 * `distroready serve`: listens, sweeps on the interval, and shuts down gracefully —
 * stops accepting requests, cancels the running sweep (its processes are stopped), flushes
 * telemetry. A taken port fails the start with "port N is in use" (exit 2).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import { createApp } from './api/create-app';
import { createProbeRunner } from './api/probe-runner';
import { createReportService } from './api/report-service';
import type { CheckCatalog } from './checks/load-checks';
import type { Config } from './config/config-types';
import { createEngine } from './engine/create-engine';
import { SweepScheduler } from './engine/scheduler';
import { createMetrics } from './metrics/metrics';
import { portInUse } from './otlp/receiver-ports';
import { receiverEngineOptions, startConfiguredReceiver } from './otlp/start';
import { groupingFor } from './report/grouping';
import { SqliteStore } from './store/sqlite-store';
import { reapOrphanedLaunches } from './targets/launch-records';
import { configuredFleet, type Fleet } from './targets/fleet';
import type { WorkloadConfig } from './targets/target';

export interface RunningServer {
  server: Server;
  url: string;
  scheduler: SweepScheduler;
  close(): Promise<void>;
}

/** `fleet`: what to sweep (default: the config's workloads); a cluster fleet changes between sweeps. */
export async function startServer(config: Config, checks: CheckCatalog, logger: Logger, fleet: Fleet = configuredFleet(config)): Promise<RunningServer> {
  const metrics = createMetrics(new Registry(), { shard: fleet.shard });
  const store = new SqliteStore({
    file: config.storage.path,
    retentionMs: config.storage.retentionMs,
    logger: logger.child({ component: 'store' }),
    onWriteFailure: () => metrics.storageWriteFailures.inc(),
  });
  const otlp = await startConfiguredReceiver(config.otlp, { logger: logger.child({ component: 'otlp' }), metrics });
  // The names judged here, built again only when the fleet's list changed (the watch replaces it).
  let judged: { of: readonly WorkloadConfig[]; list: string[]; names: Set<string> } | null = null;
  const judgedHere = (): NonNullable<typeof judged> => {
    const now = fleet.workloads();
    if (judged?.of !== now) {
      const list = now.map((w) => w.name);
      judged = { of: now, list, names: new Set(list) };
    }
    return judged;
  };
  const workloadNames = (): readonly string[] => judgedHere().list;
  const judgedNames = (): Set<string> => judgedHere().names;
  const receiver = receiverEngineOptions(otlp);
  const engine = createEngine({
    config,
    checks,
    logger,
    metrics,
    ...receiver,
    services: { ...receiver.services, ...fleet.services },
    // Each result is stored and scraped as soon as it is judged, not when the sweep ends:
    // a crash mid-sweep loses only the workloads still in flight.
    onWorkloadDone: (result) => {
      if (!judgedNames().has(result.name)) return;
      store.save([result]);
      metrics.setResult(result);
    },
  });
  await reapOrphanedLaunches(engine.deps.launchRecords, logger);
  const runner = createProbeRunner({
    engine,
    workloads: () => fleet.workloads(),
    allowTargets: config.api.allowTargets,
    concurrency: config.api.probeConcurrency,
    maxWaiting: config.api.probeQueue,
  });
  const scheduler = new SweepScheduler({
    intervalMs: config.sweep.intervalMs,
    // On-demand probes of configured workloads and sweeps take turns, so no `run` workload starts twice.
    runSweep: (signal) => runner.exclusive(() => engine.sweep(fleet.workloads(), signal)),
    onSweep: (result) => {
      store.recordSweep({ sweepId: result.sweepId, startedAt: result.startedAt, finishedAt: result.finishedAt, workloads: result.results.length });
      metrics.sweepFinished(judgedNames(), result.finishedAt);
    },
    logger,
  });
  const reports = createReportService(store, engine.catalog, logger.child({ component: 'reports' }));
  const app = createApp({
    store,
    metrics,
    logger,
    workloadNames,
    workloads: () => fleet.workloads(),
    runner,
    access: config.api,
    catalog: engine.catalog,
    reports,
    dashboard: { thresholds: config.scoring, grouping: groupingFor(config.report.groupBy) },
    readiness: { notReadyReason: () => fleet.notReadyReason() ?? notReadyReason(scheduler, store, config.storage.maxWriteFailures) },
  });
  const server = createServer(
    {
      headersTimeout: config.server.headersTimeoutMs,
      requestTimeout: config.server.requestTimeoutMs,
      keepAliveTimeout: config.server.keepAliveTimeoutMs,
      // Check the header and request clocks each second, so a slow client is cut near its deadline.
      connectionsCheckingInterval: 1000,
    },
    app,
  );
  server.maxConnections = config.server.maxConnections;
  try {
    await listen(server, config.server.host, config.server.port);
  } catch (err) {
    await otlp?.close();
    await reports.close();
    store.close();
    throw portInUse(err, config.server.port, 'server.port');
  }
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address === '0.0.0.0' ? '127.0.0.1' : addr.address;
  const url = `http://${host}:${addr.port}`;
  const listening = addr.family === 'IPv6' ? `[${addr.address}]:${addr.port}` : `${addr.address}:${addr.port}`;
  logger.info({ listen: listening, url, workloads: fleet.workloads().length, config: config.file }, 'distroready serving');
  warnIfOpen(logger, config, listening);
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
      await fleet.close();
      await otlp?.close();
      await reports.close();
      store.close();
    },
  };
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** Not ready before the first sweep, nor while history writes keep failing. */
function notReadyReason(scheduler: SweepScheduler, store: SqliteStore, maxWriteFailures: number): string | null {
  if (scheduler.completed === 0) return 'the first sweep has not finished';
  const health = store.writeHealth();
  if (health.consecutiveFailures >= maxWriteFailures) {
    return `storage: the last ${health.consecutiveFailures} history writes failed (${health.lastError}); ${health.pending} results are held in memory only`;
  }
  return null;
}

/** One loud line when anyone who reaches the port can make distroready send traffic. */
function warnIfOpen(logger: Logger, config: Config, listening: string): void {
  if (config.api.token) return;
  logger.warn(
    { listen: listening, allowTargets: config.api.allowTargets },
    `traffic-sending endpoints (POST /api/v1/checks, POST /api/v1/workloads/{name}/probe, GET /probe) are open without a token: anyone who reaches ${listening} can make distroready probe ${config.api.allowTargets.join(', ')}; set DISTROREADY_TOKEN or api.token`,
  );
}
