/**
 * How many series one scrape carries, which families carry most, and which label has the
 * most distinct values: the usual culprit when a target's series count explodes (a user
 * id or a raw URL path as a label). OpenMetrics advises staying under ~10k per exposition.
 */
import type { MetricFamily } from '../parser/exposition';

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
  for (const f of families) {
    if (f.count === 0) continue;
    series += f.count;
    sizes.push({ family: f.name, series: f.count });
    for (const [label, set] of distinctValues(f)) {
      if (topLabel === null || set.size > topLabel.distinct) topLabel = { family: f.name, label, distinct: set.size };
    }
  }
  sizes.sort((a, b) => b.series - a.series);
  return { series, topFamilies: sizes.slice(0, 5), topLabel };
}

/** Per label name, the distinct values a family's samples give it (`le` and `quantile` aside). */
function distinctValues(f: MetricFamily): Map<string, Set<string>> {
  const values = new Map<string, Set<string>>();
  const store = f.store;
  // The sets for each position of the current label-name list, found once per list.
  let shape = -1;
  let sets: (Set<string> | null)[] = [];
  const current: string[] = [];
  const previous: string[] = [];
  for (let r = 0; r < f.runs.length; r += 2) {
    for (let i = f.runs[r]!; i < f.runs[r + 1]!; i++) {
      const n = store.labelNames(i).length;
      if (n === 0) continue;
      if (store.shapeId[i] !== shape) {
        shape = store.shapeId[i]!;
        sets = setsFor(store.shapes[shape]!, values);
        previous.length = 0;
      }
      store.labelValues(i, current);
      for (let k = 0; k < n; k++) {
        const set = sets[k];
        const value = current[k]!;
        // Runs of samples repeat most values (method, zone): one comparison, not a set insert.
        if (set === null || value === previous[k] || set.size >= MAX_TRACKED) continue;
        set.add(value);
        previous[k] = value;
      }
    }
  }
  return values;
}

function setsFor(names: string[], values: Map<string, Set<string>>): (Set<string> | null)[] {
  return names.map((label) => {
    if (label === 'le' || label === 'quantile') return null; // bounded by design
    let set = values.get(label);
    if (!set) values.set(label, (set = new Set()));
    return set;
  });
}
