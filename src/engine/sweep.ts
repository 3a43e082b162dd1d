/**
 * One sweep: every selected probe of every workload, with at most `concurrency`
 * workloads in flight. One workload's failure never stops the others.
 */
import { randomBytes } from 'node:crypto';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import type { WorkloadResult } from '../model';
import type { WorkloadConfig } from '../targets/target';
import { mapLimit } from './pool';
import { judge } from './judge';
import { probeWorkload, type EngineDeps } from './probe-workload';

const tracer = trace.getTracer('distroready');

export interface SweepResult {
  sweepId: string;
  startedAt: Date;
  finishedAt: Date;
  results: WorkloadResult[];
}

export function newSweepId(): string {
  return randomBytes(6).toString('hex');
}

export async function sweep(workloads: readonly WorkloadConfig[], deps: EngineDeps, concurrency: number, signal?: AbortSignal): Promise<SweepResult> {
  const sweepId = newSweepId();
  const startedAt = new Date();
  return tracer.startActiveSpan('sweep', { attributes: { 'distroready.sweep_id': sweepId, 'distroready.workloads': workloads.length } }, async (span) => {
    deps.logger.info({ sweepId, workloads: workloads.length }, 'sweep started');
    const results = await mapLimit(workloads, concurrency, async (w) => {
      const result = await probeOrFail(w);
      deps.onWorkloadDone?.(result);
      return result;
    });
    async function probeOrFail(w: WorkloadConfig): Promise<WorkloadResult> {
      try {
        return await probeWorkload(w, sweepId, deps, signal);
      } catch (err) {
        // Preparing a target should not throw; if it does, the workload still gets a result.
        deps.logger.error({ err, workload: w.name }, 'workload probe crashed');
        span.setStatus({ code: SpanStatusCode.ERROR, message: `workload ${w.name} crashed` });
        const reason = `internal error: ${(err as Error).message}`;
        const failed = Object.fromEntries(deps.probes.map((p) => [p.id, { status: 'error' as const, facts: {}, reason, durationMs: 0 }]));
        return judge({ name: w.name, sweepId, reach: { status: 'not-live', detail: reason, evidence: [] }, launched: Boolean(w.run), probes: failed }, deps);
      }
    }
    const finishedAt = new Date();
    deps.logger.info({ sweepId, durationMs: finishedAt.getTime() - startedAt.getTime() }, 'sweep finished');
    span.end();
    return { sweepId, startedAt, finishedAt, results };
  });
}
