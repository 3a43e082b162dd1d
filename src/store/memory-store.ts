/** An in-memory store: the latest results and a bounded history of changes per workload. */
import type { CompactResult } from '../model';
import { LatestResults, serialise } from './latest-results';
import { checkChanges, sameState, type HistoryEntry, type ResultStore, type SweepRecord, type WorkloadSummary } from './result-store';

export class MemoryStore implements ResultStore {
  private readonly results = new LatestResults();
  private readonly historyByName = new Map<string, HistoryEntry[]>();

  constructor(private readonly maxHistory = 1000) {}

  get generation(): number {
    return this.results.generation;
  }

  save(results: readonly CompactResult[]): void {
    for (const r of results) {
      const { previous, state } = this.results.set(r, serialise(r));
      if (sameState(previous, state)) continue;
      const list = this.historyByName.get(r.name) ?? [];
      list.unshift({ sweepId: r.sweepId, probedAt: r.probedAt, score: r.score, verdict: r.verdict, probes: state.probes, changes: checkChanges(previous, state) });
      if (list.length > this.maxHistory) list.length = this.maxHistory;
      this.historyByName.set(r.name, list);
    }
  }

  recordSweep(_sweep: SweepRecord): void {}

  latest(): CompactResult[] {
    return this.results.all();
  }

  latestFor(name: string): CompactResult | undefined {
    return this.results.get(name);
  }

  latestJson(name: string): string | undefined {
    return this.results.json(name);
  }

  summaryFor(name: string): WorkloadSummary | undefined {
    return this.results.summary(name);
  }

  history(name: string, limit = 100): HistoryEntry[] {
    return (this.historyByName.get(name) ?? []).slice(0, limit);
  }

  close(): void {}
}
