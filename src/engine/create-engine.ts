/**
 * Builds the engine's dependencies from a validated config: the composition the CLI and
 * the server share, so both probe in exactly the same way.
 */
import type { Logger } from 'pino';
import { probes as registry } from '../../probes';
import type { ProbeId, ProbeServices } from '../../probes/types';
import type { CheckCatalog } from '../checks/load-checks';
import { reportCatalog } from '../checks/report-catalog';
import type { Config } from '../config/config-types';
import type { Metrics } from '../metrics/metrics';
import type { ReportCatalog } from '../model';
import { createHttpClient, type HttpClient } from '../net/http-client';
import { LaunchRecords, launchRecordsDir } from '../targets/launch-records';
import type { WorkloadConfig } from '../targets/target';
import { ProbeMemoryStore } from './probe-memory';
import type { EngineDeps } from './probe-workload';
import { sweep, type SweepResult } from './sweep';

export interface EngineOptions {
  config: Config;
  checks: CheckCatalog;
  logger: Logger;
  metrics?: Metrics;
  services?: ProbeServices;
  /** Only these probes (from `--probes`); all by default. */
  only?: readonly ProbeId[];
  otlpEndpoint?: string;
  /** The OTLP/gRPC endpoint, for `run` workloads with `traces.protocol: grpc`. */
  otlpGrpcEndpoint?: string;
  http?: HttpClient;
  /** Told of every finished workload (the CLI's progress bar). */
  onWorkloadDone?: EngineDeps['onWorkloadDone'];
}

export interface Engine {
  deps: EngineDeps;
  /** The words of the checks and probes this engine judges with, for rendering its results. */
  catalog: ReportCatalog;
  sweep(workloads?: readonly WorkloadConfig[], signal?: AbortSignal): Promise<SweepResult>;
}

export function createEngine(o: EngineOptions): Engine {
  const deps: EngineDeps = {
    probes: o.only ? registry.filter((p) => o.only!.includes(p.id)) : registry,
    checks: o.checks.withParams(o.config.checks),
    http: o.http ?? createHttpClient(),
    logger: o.logger,
    scoring: o.config.scoring,
    overrides: o.config.checks,
    probeOptions: o.config.probes,
    timeoutMs: o.config.sweep.timeoutMs,
    baseDir: o.config.baseDir,
    services: o.services ?? {},
    otlpEndpoint: o.otlpEndpoint,
    otlpGrpcEndpoint: o.otlpGrpcEndpoint,
    launchRecords: new LaunchRecords(launchRecordsDir(o.config.storage.path)),
    onProbeFinished: o.metrics ? (probe, result) => o.metrics!.observeProbe(probe, result) : undefined,
    onWorkloadDone: o.onWorkloadDone,
    // Room for every configured workload twice over, and for discovered ones beyond.
    memory: new ProbeMemoryStore(Math.max(4096, 4 * o.config.workloads.length)),
  };
  return {
    deps,
    catalog: reportCatalog(deps.checks, deps.probes),
    sweep: (workloads = o.config.workloads, signal) => sweep(workloads, deps, o.config.sweep.concurrency, signal),
  };
}
