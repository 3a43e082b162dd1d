/** An in-memory store: the latest results and a bounded history per workload. */
import type { WorkloadResult } from '../model';
import { historyEntry, type HistoryEntry, type ResultStore } from './result-store';

export class MemoryStore implements ResultStore {
  private readonly latestByName = new Map<string, WorkloadResult>();
  private readonly historyByName = new Map<string, HistoryEntry[]>();

  constructor(private readonly maxHistory = 1000) {}

  save(results: readonly WorkloadResult[]): void {
    for (const r of results) {
      this.latestByName.set(r.name, r);
      const list = this.historyByName.get(r.name) ?? [];
      list.unshift(historyEntry(r));
      if (list.length > this.maxHistory) list.length = this.maxHistory;
      this.historyByName.set(r.name, list);
    }
  }

  latest(): WorkloadResult[] {
    return [...this.latestByName.values()];
  }

  latestFor(name: string): WorkloadResult | undefined {
    return this.latestByName.get(name);
  }

  history(name: string, limit = 100): HistoryEntry[] {
    return (this.historyByName.get(name) ?? []).slice(0, limit);
  }

  close(): void {}
}
