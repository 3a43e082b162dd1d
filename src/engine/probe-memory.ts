/**
 * What probes keep about a workload from one sweep to the next in this process, so a later
 * sweep can re-check what an earlier one found (the health endpoints discovery found)
 * instead of searching again. One entry per workload and probe, the least recently used
 * dropped beyond `maxEntries`, so hostile or ad-hoc targets cannot grow it. Lost on restart,
 * which only costs one full discovery.
 */
import type { ProbeId, ProbeMemory } from '../../probes/types';

export class ProbeMemoryStore {
  private readonly entries = new Map<string, unknown>();

  constructor(private readonly maxEntries: number) {}

  /** The memory of one probe for one workload (named as in the config, or by its URL when ad hoc). */
  for(workload: string, probe: ProbeId): ProbeMemory {
    const key = `${probe}\u0000${workload}`;
    return {
      get: () => {
        if (!this.entries.has(key)) return undefined;
        const value = this.entries.get(key);
        // Re-inserted, so the Map's order is least recently used first.
        this.entries.delete(key);
        this.entries.set(key, value);
        return value;
      },
      set: (value) => {
        this.entries.delete(key);
        this.entries.set(key, value);
        while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
      },
    };
  }

  get size(): number {
    return this.entries.size;
  }
}
