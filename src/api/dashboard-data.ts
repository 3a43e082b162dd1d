/**
 * The dashboard's one door to the results: every page reads through a `FleetReader`, so
 * the store behind it can change (a summary query, cursor paging) without touching a page.
 * This reader works over any `ResultStore`: it keeps one small summary per workload and
 * rebuilds a workload's only when a new sweep of it arrives, and reads history only for
 * the workloads a page shows.
 */
import type { WorkloadResult } from '../model';
import type { Grouping } from '../report/grouping';
import { summarizeWorkload, type PreviousSweep, type WorkloadSummary } from '../report/workload-summary';
import type { HistoryEntry, ResultStore } from '../store/result-store';

export interface FleetReader {
  /** A summary of every listed workload's latest result, in listing (config) order. */
  summaries(): WorkloadSummary[];
  result(name: string): WorkloadResult | undefined;
  /** Full latest results of the named workloads, in the order given (exports). */
  results(names: readonly string[]): WorkloadResult[];
  /** Newest first. */
  history(name: string, limit: number): HistoryEntry[];
  /** The fix of a check, as the latest results state it. */
  remediation(id: string): string;
  /** Whether the dashboard lists this workload (configured, or in the store when nothing is configured). */
  known(name: string): boolean;
}

interface Cached {
  sweepId: string;
  probedAt: string;
  summary: WorkloadSummary;
}

/** The sweep before `latest`: history's second entry when its first is the latest result. */
function previousOf(store: ResultStore, latest: WorkloadResult): PreviousSweep | undefined {
  const [newest, before] = store.history(latest.name, 2);
  const prior = newest && newest.sweepId === latest.sweepId && newest.probedAt === latest.probedAt ? before : newest;
  return prior ? { score: prior.score, verdict: prior.verdict } : undefined;
}

/**
 * `workloadNames`, when given, keeps the dashboard to the configured workloads in config
 * order (ad-hoc `POST /checks` results stay out), as the API does.
 */
export function storeReader(store: ResultStore, grouping: Grouping, workloadNames?: () => readonly string[]): FleetReader {
  const cache = new Map<string, Cached>();
  const remediations = new Map<string, string>();
  const latest = (): WorkloadResult[] => (workloadNames ? workloadNames().flatMap((n) => store.latestFor(n) ?? []) : store.latest());
  const summary = (r: WorkloadResult): WorkloadSummary => {
    const hit = cache.get(r.name);
    if (hit && hit.sweepId === r.sweepId && hit.probedAt === r.probedAt) return hit.summary;
    for (const c of r.checks) if (c.status === 'fail') remediations.set(c.id, c.remediation);
    const s = summarizeWorkload(r, grouping, previousOf(store, r));
    cache.set(r.name, { sweepId: r.sweepId, probedAt: r.probedAt, summary: s });
    return s;
  };
  return {
    summaries: () => latest().map(summary),
    result: (name) => (workloadNames && !workloadNames().includes(name) ? undefined : store.latestFor(name)),
    results: (names) => names.flatMap((n) => store.latestFor(n) ?? []),
    history: (name, limit) => store.history(name, limit),
    remediation: (id) => remediations.get(id) ?? '',
    known: (name) => (workloadNames ? workloadNames().includes(name) : store.latestFor(name) !== undefined),
  };
}
