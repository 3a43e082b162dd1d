/** Result-model values for tests that build a WorkloadResult by hand. */
import type { WorkloadResult } from '../../src/model';
import type { Reach } from '../../src/targets/target';

export const REACHED: Reach = { status: 'reached', detail: '127.0.0.1:8080 accepts connections', evidence: [] };

/** A complete result: the given fields over a reached workload with nothing missing. */
export function workloadResult(fields: Partial<WorkloadResult> & Pick<WorkloadResult, 'name'>): WorkloadResult {
  return {
    score: null,
    verdict: 'incomplete',
    blockers: [],
    reach: REACHED,
    incomplete: [],
    probes: {},
    checks: [],
    probedAt: '2026-01-01T00:00:00.000Z',
    sweepId: 'test',
    ...fields,
  };
}
