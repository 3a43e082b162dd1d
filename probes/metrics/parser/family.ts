/**
 * A metric family as the parser builds it: metadata, and where its samples sit in the
 * exposition's column store (runs of consecutive indexes: one run unless interleaved).
 */
import type { MetricFamily, MetricType, Sample } from './exposition';
import type { SampleStore } from './sample-store';
import { seriesOf } from './series-key';

export class Family implements MetricFamily {
  typed = false;
  help: string | null = null;
  unit: string | null = null;
  count = 0;
  readonly runs: number[] = [];
  readonly resumedAt: number[] = [];

  constructor(readonly store: SampleStore, readonly name: string, public type: MetricType, readonly line: number) {}

  /** Records store index `i` as this family's next sample. */
  add(i: number): void {
    const r = this.runs;
    const n = r.length;
    if (n > 0 && r[n - 1] === i) r[n - 1] = i + 1;
    else r.push(i, i + 1);
    this.count++;
  }

  get samples(): Sample[] {
    const out: Sample[] = [];
    const series = (i: number): string => seriesOf(this.store, i);
    for (let r = 0; r < this.runs.length; r += 2) {
      for (let i = this.runs[r]!; i < this.runs[r + 1]!; i++) out.push(this.store.sample(i, series));
    }
    return out;
  }
}
