/**
 * The dashboard's one door to the results: every page reads through a `FleetReader`, so
 * the store behind it can change without touching a page. Results are kept compact (ids,
 * statuses, values); the words come from the catalog, and only a workload page expands a
 * result. This reader keeps one small row per workload, rebuilt only when that workload's
 * stored result changed (told by the store's summary, which costs no parse), so a page
 * after the first one of a sweep parses nothing, and reads history only for the
 * workloads it shows.
 */
import type { CompactResult, ReportCatalog, WorkloadResult } from '../model';
import { checkText, expandResult } from '../report/expand-result';
import type { Grouping } from '../report/grouping';
import { summarizeWorkload, type PreviousSweep, type WorkloadSummary } from '../report/workload-summary';
import type { HistoryEntry, ResultStore } from '../store/result-store';

export interface FleetReader {
  /** A summary of every listed workload's latest result, in listing (config) order. */
  summaries(): WorkloadSummary[];
  /** The latest result with its words put back (one workload's page). */
  result(name: string): WorkloadResult | undefined;
  /** The listed workloads' names, in listing (config) order. */
  names(): readonly string[];
  /** Newest first: one entry per change of state. */
  history(name: string, limit: number): HistoryEntry[];
  /** The fix of a check, from the catalog. */
  remediation(id: string): string;
  /** Whether the dashboard lists this workload (configured, or in the store when nothing is configured). */
  known(name: string): boolean;
  readonly catalog: ReportCatalog;
}

interface Cached {
  probedAt: string;
  summary: WorkloadSummary;
}

/**
 * The state before the latest one. History keeps an entry per change of state: when the
 * newest entry is the latest sweep's own, the one before it is the previous state; when it
 * is older, the latest sweep changed nothing and the newest entry is also the sweep before.
 */
function previousOf(store: ResultStore, latest: CompactResult): PreviousSweep | undefined {
  const [newest, before] = store.history(latest.name, 2);
  const prior = newest && newest.sweepId === latest.sweepId ? before : newest;
  return prior ? { score: prior.score, verdict: prior.verdict } : undefined;
}

/**
 * `workloadNames`, when given, keeps the dashboard to the configured workloads in config
 * order (ad-hoc `POST /checks` results stay out), as the API does.
 */
export function storeReader(store: ResultStore, catalog: ReportCatalog, grouping: Grouping, workloadNames?: () => readonly string[]): FleetReader {
  const cache = new Map<string, Cached>();
  const names = (): readonly string[] => (workloadNames ? workloadNames() : store.latest().map((r) => r.name));
  const row = (name: string): WorkloadSummary | undefined => {
    const kept = store.summaryFor(name);
    if (!kept) return undefined;
    const hit = cache.get(name);
    if (hit && hit.probedAt === kept.probedAt) return hit.summary;
    const r = store.latestFor(name)!;
    const summary = summarizeWorkload(r, grouping, previousOf(store, r));
    cache.set(name, { probedAt: kept.probedAt, summary });
    return summary;
  };
  const known = (name: string): boolean => (workloadNames ? workloadNames().includes(name) : store.summaryFor(name) !== undefined);
  return {
    catalog,
    summaries: () => {
      const listed = names();
      if (cache.size > listed.length * 2) for (const n of cache.keys()) if (!listed.includes(n)) cache.delete(n);
      return listed.flatMap((n) => row(n) ?? []);
    },
    result: (name) => {
      const r = known(name) ? store.latestFor(name) : undefined;
      return r ? expandResult(r, catalog) : undefined;
    },
    names,
    history: (name, limit) => store.history(name, limit),
    remediation: (id) => checkText(catalog, id)?.remediation ?? '',
    known,
  };
}
