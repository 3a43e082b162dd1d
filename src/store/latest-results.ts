/**
 * The latest result of each workload, held in memory the way it is stored: as its JSON
 * (what the database and a render worker take, parsed again only when one workload is
 * asked for), with its summary and judged state beside it for listings, filters and
 * change detection. At 10,000 workloads this is the service's main memory.
 */
import type { CompactResult } from '../model';
import { judgedState, summaryOf, type JudgedState, type WorkloadSummary } from './result-store';

interface Entry {
  /** `undefined` when the result cannot be serialised; then `result` holds it. */
  json?: string;
  result?: CompactResult;
  summary: WorkloadSummary;
  state: JudgedState;
}

export class LatestResults {
  private readonly byName = new Map<string, Entry>();
  generation = 0;

  /** Takes a new result; returns the judged state it replaces (if any) and its own. */
  set(r: CompactResult, json: string | undefined): { previous?: JudgedState; state: JudgedState } {
    const previous = this.byName.get(r.name)?.state;
    const state = judgedState(r);
    this.byName.set(r.name, json === undefined ? { result: r, summary: summaryOf(r), state } : { json, summary: summaryOf(r), state });
    this.generation++;
    return { previous, state };
  }

  get(name: string): CompactResult | undefined {
    const e = this.byName.get(name);
    if (!e) return undefined;
    return e.result ?? (JSON.parse(e.json!) as CompactResult);
  }

  json(name: string): string | undefined {
    const e = this.byName.get(name);
    return e ? (e.json ?? JSON.stringify(e.result, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))) : undefined;
  }

  summary(name: string): WorkloadSummary | undefined {
    return this.byName.get(name)?.summary;
  }

  state(name: string): JudgedState | undefined {
    return this.byName.get(name)?.state;
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  all(): CompactResult[] {
    return this.names().map((n) => this.get(n)!);
  }
}

/** The JSON of a result, or `undefined` when it holds something JSON cannot (a BigInt, a cycle). */
export function serialise(r: CompactResult): string | undefined {
  try {
    return JSON.stringify(r);
  } catch {
    return undefined;
  }
}
