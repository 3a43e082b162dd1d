/**
 * Histogram and summary consistency: buckets cumulative in ascending `le`, a `+Inf` bucket
 * equal to `_count`, quantiles within [0, 1]. The text format's parser accepts all of
 * these broken; queries over them (histogram_quantile, rate of _count) come out wrong.
 */
import type { MetricFamily, Sample } from './exposition';
import type { LintProblem } from './lint';
import { parseFloatToken } from './scan';

interface Group {
  buckets: { le: number; value: number; line: number }[];
  count: Sample | null;
  line: number;
}

/** The series' labels without `drop`, as a grouping key. */
function groupKey(s: Sample, drop: string): string {
  let key = '';
  for (let k = 0; k < s.labels.length; k += 2) if (s.labels[k] !== drop) key += `${s.labels[k]}\u0000${s.labels[k + 1]}\u0000`;
  return key;
}

function labelValue(s: Sample, name: string): string | undefined {
  for (let k = 0; k < s.labels.length; k += 2) if (s.labels[k] === name) return s.labels[k + 1];
  return undefined;
}

function groupHistogram(f: MetricFamily): Map<string, Group> {
  const groups = new Map<string, Group>();
  const countName = f.type === 'gaugehistogram' ? `${f.name}_gcount` : `${f.name}_count`;
  for (const s of f.samples) {
    const isBucket = s.name === `${f.name}_bucket`;
    if (!isBucket && s.name !== countName) continue;
    const key = groupKey(s, 'le');
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { buckets: [], count: null, line: s.line }));
    if (!isBucket) g.count = s;
    else {
      const raw = labelValue(s, 'le');
      const le = raw === undefined ? null : parseFloatToken(raw, 0, raw.length);
      if (le !== null) g.buckets.push({ le, value: s.value, line: s.line });
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
    } else if (g.count !== null && g.count.value !== inf.value) {
      out.push({
        rule: 'histogram-inf-mismatch', family: f.name, line: g.count.line,
        message: `${f.name}: le="+Inf" bucket is ${inf.value} (line ${inf.line}) but ${g.count.name} is ${g.count.value} (line ${g.count.line}); they must be equal`,
      });
    }
  }
}

export function summaryProblems(f: MetricFamily, out: LintProblem[]): void {
  for (const s of f.samples) {
    if (s.name !== f.name) continue;
    const raw = labelValue(s, 'quantile');
    const q = raw === undefined ? null : parseFloatToken(raw, 0, raw.length);
    if (q !== null && !(q >= 0 && q <= 1)) {
      out.push({ rule: 'summary-quantile-out-of-range', family: f.name, line: s.line, message: `${f.name}: quantile="${raw}" (line ${s.line}) is outside [0, 1]` });
    }
  }
}
