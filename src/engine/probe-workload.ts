/**
 * Probes one workload: prepares the target, runs the selected probes (those that need
 * other probes' facts after them), judges each probe's facts with its checks, and scores.
 */
import { trace } from '@opentelemetry/api';
import type { Logger } from 'pino';
import type { Facts, Probe, ProbeId, ProbeServices } from '../../probes/types';
import type { CheckCatalog } from '../checks/load-checks';
import { evaluateProbeChecks, type CheckOverrides } from '../checks/evaluate-checks';
import type { ScoringConfig } from '../config/config-types';
import type { CheckResult, ProbeResult, WorkloadResult } from '../model';
import type { HttpClient } from '../net/http-client';
import { probeStatusFromChecks, scoreChecks } from '../scoring';
import { otlpEnvFor } from '../otlp/workload-env';
import { prepareTarget } from '../targets/prepare-target';
import type { WorkloadConfig } from '../targets/target';
import { runProbe } from './run-probe';

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
  /** Told of every finished probe run (for `distroready_probe_duration_seconds`). */
  onProbeFinished?: (probe: ProbeId, result: ProbeResult) => void;
  /** Told of every finished workload, in completion order (for the CLI's progress bar). */
  onWorkloadDone?: (result: WorkloadResult) => void;
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

export async function probeWorkload(workload: WorkloadConfig, sweepId: string, deps: EngineDeps, signal?: AbortSignal): Promise<WorkloadResult> {
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
      signal,
    });
    if (prepared.target.launchError) logger.warn({ reason: prepared.target.launchError }, 'workload did not start');
    const probeResults: Partial<Record<ProbeId, ProbeResult>> = {};
    const peerFacts = new Map<ProbeId, Facts>();
    try {
      for (const wave of probeWaves(deps.probes)) {
        await Promise.all(
          wave.map(async (probe) => {
            const probeLogger = logger.child({ probe: probe.id });
            const result = await runProbe({
              probe,
              target: prepared.target,
              timeoutMs: deps.timeoutMs,
              logger: probeLogger,
              http: deps.http,
              options: deps.probeOptions[probe.id] ?? {},
              peerFacts,
              services: deps.services,
              signal,
            });
            probeLogger.debug({ status: result.status, durationMs: result.durationMs, reason: result.reason }, 'probe finished');
            probeResults[probe.id] = result;
            peerFacts.set(probe.id, result.facts);
            deps.onProbeFinished?.(probe.id, result);
          }),
        );
      }
    } finally {
      await prepared.release();
      span.end();
    }
    return judge(workload.name, sweepId, probeResults, deps);
  });
}

/** Checks, probe statuses and the score, from what the probes saw. Pure. */
export function judge(name: string, sweepId: string, probeResults: Partial<Record<ProbeId, ProbeResult>>, deps: Pick<EngineDeps, 'probes' | 'checks' | 'overrides' | 'scoring'>): WorkloadResult {
  const checks: CheckResult[] = [];
  const probes: Partial<Record<ProbeId, ProbeResult>> = {};
  for (const probe of deps.probes) {
    const result = probeResults[probe.id];
    if (!result) continue;
    const outcomes = evaluateProbeChecks(deps.checks.byProbe(probe.id), result, deps.overrides);
    checks.push(...outcomes);
    const status = result.status === 'pass' ? probeStatusFromChecks(outcomes) : result.status;
    probes[probe.id] = { ...result, status };
  }
  const { score, verdict, blockers } = scoreChecks(checks, deps.scoring);
  return { name, score, verdict, blockers, probes, checks, probedAt: new Date().toISOString(), sweepId };
}
