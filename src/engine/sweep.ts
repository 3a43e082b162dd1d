/**
 * One sweep: every selected probe of every workload, with at most `concurrency`
 * workloads at work at once (a workload whose probes only wait gives its slot back; see
 * slots.ts). One workload's failure never stops the others. Results come back in the
 * order of `workloads`; each is handed to `onWorkloadDone` as soon as it is judged.
 */
import { randomUUID } from 'node:crypto';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import type { CompactResult } from '../model';
import type { WorkloadConfig } from '../targets/target';
import { judge } from './judge';
import { probeWorkload, type EngineDeps } from './probe-workload';
import { Slots, WorkloadSlot } from './slots';

const tracer = trace.getTracer('distroready');

export interface SweepResult {
  sweepId: string;
  startedAt: Date;
  finishedAt: Date;
  results: CompactResult[];
}

/** 12 hex digits; randomUUID draws from a pool, where randomBytes asks the system each time (on every /probe). */
export function newSweepId(): string {
  return randomUUID().replace(/-/g, '').slice(0, 12);
}

export async function sweep(workloads: readonly WorkloadConfig[], deps: EngineDeps, concurrency: number, signal?: AbortSignal): Promise<SweepResult> {
  const sweepId = newSweepId();
  const startedAt = new Date();
  return tracer.startActiveSpan('sweep', { attributes: { 'distroready.sweep_id': sweepId, 'distroready.workloads': workloads.length } }, async (span) => {
    deps.logger.info({ sweepId, workloads: workloads.length }, 'sweep started');
    const slots = new Slots(concurrency);
    const results = await Promise.all(
      workloads.map(async (w) => {
        await slots.acquire();
        const slot = new WorkloadSlot(slots, !w.run);
        try {
          const result = await probeOrFail(w, slot);
          deps.onWorkloadDone?.(result);
          return result;
        } finally {
          slot.finish();
        }
      }),
    );
    async function probeOrFail(w: WorkloadConfig, slot: WorkloadSlot): Promise<CompactResult> {
      try {
        return await probeWorkload(w, sweepId, deps, signal, slot);
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
