/**
 * How many series one scrape carries, which families carry most, and which label has the
 * most distinct values: the usual culprit when a target's series count explodes (a user
 * id or a raw URL path as a label). OpenMetrics advises staying under ~10k per exposition.
 */
import type { MetricFamily } from './exposition';

export interface Cardinality {
  series: number;
  /** The families with most series, largest first (up to 5). */
  topFamilies: { family: string; series: number }[];
  /** The label with most distinct values within one family, or `null` with no labels. */
  topLabel: { family: string; label: string; distinct: number } | null;
}

/** Distinct values tracked per label are capped, so a hostile scrape cannot grow the sets without bound. */
const MAX_TRACKED = 100_000;

export function measureCardinality(families: MetricFamily[]): Cardinality {
  let series = 0;
  const sizes: { family: string; series: number }[] = [];
  let topLabel: Cardinality['topLabel'] = null;
  const labelValues: string[] = [];
  for (const f of families) {
    if (f.count === 0) continue;
    series += f.count;
    sizes.push({ family: f.name, series: f.count });
    const values = new Map<string, Set<string>>();
    const store = f.store;
    for (let r = 0; r < f.runs.length; r += 2) {
      for (let i = f.runs[r]!; i < f.runs[r + 1]!; i++) {
        const names = store.labelNames(i);
        if (names.length === 0) continue;
        store.labelValues(i, labelValues);
        for (let k = 0; k < names.length; k++) {
          const label = names[k]!;
          if (label === 'le' || label === 'quantile') continue; // bounded by design
          let set = values.get(label);
          if (!set) values.set(label, (set = new Set()));
          if (set.size < MAX_TRACKED) set.add(labelValues[k]!);
        }
      }
    }
    for (const [label, set] of values) {
      if (topLabel === null || set.size > topLabel.distinct) topLabel = { family: f.name, label, distinct: set.size };
    }
  }
  sizes.sort((a, b) => b.series - a.series);
  return { series, topFamilies: sizes.slice(0, 5), topLabel };
}
