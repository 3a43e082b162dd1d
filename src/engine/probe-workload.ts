/**
 * Probes one workload: prepares the target, runs the selected probes (those that need
 * other probes' facts after them), judges each probe's facts with its checks, and scores.
 */
import { trace } from '@opentelemetry/api';
import type { Logger } from 'pino';
import type { Facts, Probe, ProbeId, ProbeServices } from '../../probes/types';
import type { CheckCatalog } from '../checks/load-checks';
import type { CheckOverrides } from '../checks/evaluate-checks';
import type { ScoringConfig } from '../config/config-types';
import type { ProbeResult, CompactResult } from '../model';
import type { HttpClient } from '../net/http-client';
import { withConnections } from '../net/target-connections';
import { otlpEnvFor } from '../otlp/workload-env';
import type { LaunchRecords } from '../targets/launch-records';
import { prepareTarget } from '../targets/prepare-target';
import type { Reach, Target, WorkloadConfig } from '../targets/target';
import { clusterMissingInputs, withClusterContext } from '../targets/kubernetes/kube-result';
import { judge, type ObservedProbe } from './judge';
import { preflight } from './preflight';
import type { ProbeMemoryStore } from './probe-memory';
import { runProbe } from './run-probe';
import type { WorkloadSlot } from './slots';

const tracer = trace.getTracer('distroready');

export interface EngineDeps {
  probes: readonly Probe[];
  checks: CheckCatalog;
  http: HttpClient;
  logger: Logger;
  scoring: ScoringConfig;
  overrides: CheckOverrides;
  probeOptions: Partial<Record<ProbeId, Record<string, unknown>>>;
  timeoutMs: number;
  baseDir: string;
  services: ProbeServices;
  /** Where `run` workloads export OTLP. */
  otlpEndpoint?: string;
  /** Where `run` workloads with `traces.protocol: grpc` export. */
  otlpGrpcEndpoint?: string;
  /** Where launched process groups are recorded (see `src/targets/launch-records.ts`). */
  launchRecords?: LaunchRecords;
  /** Told of every finished probe run (for `distroready_probe_duration_seconds`). */
  onProbeFinished?: (probe: ProbeId, result: ProbeResult) => void;
  /** Told of every finished workload, in completion order (for the CLI's progress bar and the store). */
  onWorkloadDone?: (result: CompactResult) => void;
  /** What probes keep about each workload between sweeps (absent: every run starts from nothing). */
  memory?: ProbeMemoryStore;
}

/** Waves of probes: each wave's probes only need facts from earlier waves. */
export function probeWaves(selected: readonly Probe[]): Probe[][] {
  const waves: Probe[][] = [];
  const done = new Set<ProbeId>();
  let left = [...selected];
  const ids = new Set(selected.map((p) => p.id));
  while (left.length > 0) {
    const ready = left.filter((p) => (p.runsAfter ?? []).every((dep) => done.has(dep) || !ids.has(dep)));
    // A cycle would be a registry bug; run the rest together rather than hang.
    const wave = ready.length > 0 ? ready : left;
    waves.push(wave);
    for (const p of wave) done.add(p.id);
    left = left.filter((p) => !wave.includes(p));
  }
  return waves;
}

export async function probeWorkload(workload: WorkloadConfig, sweepId: string, deps: EngineDeps, signal?: AbortSignal, slot?: WorkloadSlot): Promise<CompactResult> {
  return tracer.startActiveSpan('workload', { attributes: { 'distroready.workload': workload.name, 'distroready.sweep_id': sweepId } }, async (span) => {
    const logger = deps.logger.child({ workload: workload.name, sweepId });
    const prepared = await prepareTarget(workload, {
      baseDir: deps.baseDir,
      otlpEndpoint: deps.otlpEndpoint,
      // Batch span processors wait 5 s by default; a short delay makes the round trip quick.
      extraEnv: {
        OTEL_BSP_SCHEDULE_DELAY: '200',
        ...otlpEnvFor(workload, deps.otlpEndpoint ? { http: deps.otlpEndpoint, grpc: deps.otlpGrpcEndpoint } : undefined),
      },
      launchRecords: deps.launchRecords,
      signal,
      services: deps.services,
    });
    const probeResults: Partial<Record<ProbeId, ObservedProbe>> = {};
    let reach: Reach = { status: 'not-live', detail: 'not prepared', evidence: [] };
    let connections: Awaited<ReturnType<typeof preflight>>['connections'];
    try {
      // A target may bring its own client (a pod behind the API server's proxy carries its credentials).
      const own = prepared.target.http ?? deps.http;
      const seen = await preflight(prepared.target, own, signal);
      reach = seen.reach;
      connections = seen.connections;
      prepared.target.reach = reach;
      if (connections?.connectMs != null) prepared.target.connectMs = connections.connectMs;
      span.setAttribute('distroready.reach', reach.status);
      if (reach.status === 'not-started' || reach.status === 'unreachable') logger.warn({ reach: reach.status, reason: reach.detail }, 'workload not reached');
      const http = connections ? withConnections(own, connections) : own;
      await runProbes(prepared.target, reach, { ...deps, http }, logger, probeResults, signal, slot);
    } finally {
      connections?.close();
      await prepared.release();
      span.end();
    }
    await slot?.regain();
    const ignore = Array.isArray(workload.ignore) ? (workload.ignore as string[]) : [];
    const { definedAt, labels } = workload;
    const missing = clusterMissingInputs(workload);
    return withClusterContext(judge({ name: workload.name, sweepId, reach, launched: Boolean(workload.run), probes: probeResults, ignore, missing, definedAt, labels }, deps), workload);
  });
}

/** A live probe of a workload that was not seen is not run: its checks say why. */
function notSeen(reach: Reach): ObservedProbe {
  const why = reach.status === 'not-started' ? `the workload did not start (${reach.detail})` : `the workload was not reached (${reach.detail})`;
  return { status: 'unknown', facts: {}, reason: why, durationMs: 0 };
}

async function runProbes(
  target: Target,
  reach: Reach,
  deps: EngineDeps,
  logger: Logger,
  out: Partial<Record<ProbeId, ObservedProbe>>,
  signal?: AbortSignal,
  slot?: WorkloadSlot,
): Promise<void> {
  const unseen = reach.status === 'not-started' || reach.status === 'unreachable';
  const peerFacts = new Map<ProbeId, Facts>();
  const idle = slot ? <T>(until: Promise<T>): Promise<T> => slot.idle(until) : undefined;
  for (const wave of probeWaves(deps.probes)) {
    await slot?.regain();
    await Promise.all(
      wave.map(async (probe) => {
        if (unseen && probe.needsLiveTarget) {
          out[probe.id] = notSeen(reach);
          return;
        }
        const probeLogger = logger.child({ probe: probe.id });
        slot?.probeStarted();
        const result = await runProbe({
          probe,
          target,
          timeoutMs: deps.timeoutMs,
          logger: probeLogger,
          http: deps.http,
          options: deps.probeOptions[probe.id] ?? {},
          peerFacts,
          services: deps.services,
          signal,
          memory: deps.memory?.for(target.name, probe.id),
          idle,
        }).finally(() => slot?.probeFinished());
        probeLogger.debug({ status: result.status, durationMs: result.durationMs, reason: result.reason }, 'probe finished');
        out[probe.id] = result;
        // Only what was observed: a later probe never reads a skipped or errored probe's leftovers.
        if (result.status === 'pass') peerFacts.set(probe.id, result.facts);
        deps.onProbeFinished?.(probe.id, result);
      }),
    );
  }
}
