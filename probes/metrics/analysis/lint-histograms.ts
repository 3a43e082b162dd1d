/**
 * Histogram and summary consistency: buckets cumulative in ascending `le`, a `+Inf` bucket
 * equal to `_count`, quantiles within [0, 1]. The text format's parser accepts all of
 * these broken; queries over them (histogram_quantile, rate of _count) come out wrong.
 */
import type { MetricFamily } from '../parser/exposition';
import type { LintProblem } from './lint';
import { parseFloatToken } from '../parser/scan';

interface Group {
  buckets: { le: number; value: number; line: number }[];
  /** Store index of the `_count` sample, or -1. */
  count: number;
  line: number;
}

/** The series' labels without `le`, as a grouping key; `le`'s value in `le.raw`. */
function groupKey(names: string[], values: string[], le: { raw: string | undefined }): string {
  let key = '';
  le.raw = undefined;
  for (let k = 0; k < names.length; k++) {
    if (names[k] === 'le') le.raw = values[k];
    else key += `${names[k]}\u0000${values[k]}\u0000`;
  }
  return key;
}

function groupHistogram(f: MetricFamily): Map<string, Group> {
  const groups = new Map<string, Group>();
  const store = f.store;
  const bucketName = `${f.name}_bucket`;
  const countName = f.type === 'gaugehistogram' ? `${f.name}_gcount` : `${f.name}_count`;
  const values: string[] = [];
  const le = { raw: undefined as string | undefined };
  for (let r = 0; r < f.runs.length; r += 2) {
    for (let i = f.runs[r]!; i < f.runs[r + 1]!; i++) {
      const name = store.name(i);
      const isBucket = name === bucketName;
      if (!isBucket && name !== countName) continue;
      const key = groupKey(store.labelNames(i), store.labelValues(i, values), le);
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { buckets: [], count: -1, line: store.line[i]! }));
      if (!isBucket) g.count = i;
      else {
        const bound = le.raw === undefined ? null : parseFloatToken(le.raw, 0, le.raw.length);
        if (bound !== null) g.buckets.push({ le: bound, value: store.value[i]!, line: store.line[i]! });
      }
    }
  }
  return groups;
}

export function histogramProblems(f: MetricFamily, out: LintProblem[]): void {
  for (const g of groupHistogram(f).values()) {
    if (g.buckets.length === 0) continue;
    const buckets = g.buckets.slice().sort((a, b) => a.le - b.le);
    for (let i = 0; i < buckets.length; i++) {
      const b = buckets[i]!;
      const prev = buckets[i - 1];
      if (b.value < 0 || (prev !== undefined && b.value < prev.value)) {
        out.push({
          rule: 'histogram-not-cumulative', family: f.name, line: b.line,
          message: `${f.name}: bucket le=${b.le} (line ${b.line}) holds ${b.value}, less than ${prev ? `le=${prev.le} (${prev.value})` : 'zero'}; buckets must be cumulative`,
        });
        break;
      }
    }
    const inf = buckets[buckets.length - 1]!;
    if (inf.le !== Infinity) {
      out.push({ rule: 'histogram-inf-mismatch', family: f.name, line: g.line, message: `${f.name}: no le="+Inf" bucket (series at line ${g.line})` });
    } else if (g.count >= 0 && f.store.value[g.count] !== inf.value) {
      const count = { name: f.store.name(g.count), value: f.store.value[g.count]!, line: f.store.line[g.count]! };
      out.push({
        rule: 'histogram-inf-mismatch', family: f.name, line: count.line,
        message: `${f.name}: le="+Inf" bucket is ${inf.value} (line ${inf.line}) but ${count.name} is ${count.value} (line ${count.line}); they must be equal`,
      });
    }
  }
}

export function summaryProblems(f: MetricFamily, out: LintProblem[]): void {
  const store = f.store;
  for (let r = 0; r < f.runs.length; r += 2) {
    for (let i = f.runs[r]!; i < f.runs[r + 1]!; i++) {
      if (store.name(i) !== f.name) continue;
      const raw = store.labelValue(i, 'quantile');
      const q = raw === undefined ? null : parseFloatToken(raw, 0, raw.length);
      if (q !== null && !(q >= 0 && q <= 1)) {
        out.push({ rule: 'summary-quantile-out-of-range', family: f.name, line: store.line[i]!, message: `${f.name}: quantile="${raw}" (line ${store.line[i]}) is outside [0, 1]` });
      }
    }
  }
}
