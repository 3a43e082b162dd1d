/**
 * A workload's row in a fleet view: what the overview, the workload list, the CSV export
 * and the waves need, and no more (no evidence, no facts), so a view of a thousand
 * workloads is built from a thousand small rows.
 */
import type { ProbeId } from '../../probes/types';
import type { CompactResult, ProbeStatus, Severity, Verdict, WorkloadResult } from '../model';
import type { Grouping } from './grouping';
import { orderChecks, waveOf, type WaveNumber } from './report-view';

export interface FailedCheck {
  id: string;
  probe: ProbeId;
  severity: Severity;
}

/** The sweep before the latest one, for "change since last sweep". */
export interface PreviousSweep {
  score: number | null;
  verdict: Verdict;
}

export interface WorkloadSummary {
  name: string;
  /** Its namespace, team or prefix (see `report.groupBy`); `null` when it has none. */
  group: string | null;
  score: number | null;
  verdict: Verdict;
  wave: WaveNumber;
  blockers: string[];
  probes: Partial<Record<ProbeId, ProbeStatus>>;
  /** Failed checks, worst first. */
  failed: FailedCheck[];
  /** Absent when this is the workload's first sweep. */
  previous?: PreviousSweep;
  /** Score now minus score at the previous sweep; `null` when either has no score or there is no previous sweep. */
  change: number | null;
  /** What an incomplete verdict needs, one "reason — input" line each. */
  needs: string[];
  probedAt: string;
}

/** From a full result or a kept (compact) one: only ids, statuses and severities are read. */
export function summarizeWorkload(w: WorkloadResult | CompactResult, grouping: Grouping, previous?: PreviousSweep): WorkloadSummary {
  const probes: Partial<Record<ProbeId, ProbeStatus>> = {};
  for (const [id, p] of Object.entries(w.probes)) if (p) probes[id as ProbeId] = p.status;
  const failed = orderChecks(w.checks.filter((c) => c.status === 'fail')).map((c) => ({ id: c.id, probe: c.probe, severity: c.severity }));
  const change = previous && previous.score !== null && w.score !== null ? w.score - previous.score : null;
  return {
    name: w.name,
    group: grouping.of(w),
    score: w.score,
    verdict: w.verdict,
    wave: waveOf(w),
    blockers: w.blockers,
    probes,
    failed,
    ...(previous ? { previous } : {}),
    change,
    needs: w.incomplete.map((m) => `${m.reason} — ${m.input}`),
    probedAt: w.probedAt,
  };
}
