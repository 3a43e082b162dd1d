/** Where results live between sweeps. The API, /metrics and the dashboard read from here. */
import type { ProbeStatus, Verdict, WorkloadResult } from '../model';
import type { ProbeId } from '../../probes/types';

/** One point of a workload's history. */
export interface HistoryEntry {
  sweepId: string;
  probedAt: string;
  score: number | null;
  verdict: Verdict;
  probes: Partial<Record<ProbeId, ProbeStatus>>;
}

export interface ResultStore {
  /** Records a finished sweep; the latest result per workload replaces the previous one. */
  save(results: readonly WorkloadResult[]): void;
  /** The latest result of every workload, in config order when known. */
  latest(): WorkloadResult[];
  latestFor(name: string): WorkloadResult | undefined;
  /** Newest first, at most `limit` entries. */
  history(name: string, limit?: number): HistoryEntry[];
  close(): void;
}

export function historyEntry(r: WorkloadResult): HistoryEntry {
  const probes: Partial<Record<ProbeId, ProbeStatus>> = {};
  for (const [id, p] of Object.entries(r.probes)) probes[id as ProbeId] = p.status;
  return { sweepId: r.sweepId, probedAt: r.probedAt, score: r.score, verdict: r.verdict, probes };
}
