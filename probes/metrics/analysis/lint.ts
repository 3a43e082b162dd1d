/**
 * Lint in the spirit of `promtool check metrics` (client_golang's promlint), over an
 * exposition that parsed: naming problems (low stakes) and structural problems that make
 * queries wrong (duplicate series, interleaved families, reserved suffixes and labels
 * misused, histograms whose buckets are not cumulative or whose +Inf is not the count).
 */
import { labelNamesOf, shapesOf, type MetricFamily, type ParsedExposition } from '../parser/exposition';
import { HAS_TIMESTAMP } from '../parser/sample-store';
import { histogramProblems, summaryProblems } from './lint-histograms';
import { labelKeyFor } from '../parser/series-key';

export type LintRule =
  // naming
  | 'no-help' | 'counter-without-total' | 'total-on-non-counter' | 'non-base-unit' | 'not-snake-case'
  | 'colon-in-name' | 'type-in-name'
  // structure
  | 'duplicate-series' | 'interleaved-family' | 'reserved-suffix' | 'reserved-label'
  | 'histogram-not-cumulative' | 'histogram-inf-mismatch' | 'summary-quantile-out-of-range';

export const NAMING_RULES: ReadonlySet<LintRule> = new Set<LintRule>([
  'no-help', 'counter-without-total', 'total-on-non-counter', 'non-base-unit', 'not-snake-case', 'colon-in-name', 'type-in-name',
]);

export interface LintProblem {
  rule: LintRule;
  family: string;
  line: number;
  message: string;
}

/** Non-base units and what Prometheus' conventions want instead. */
const UNITS: Record<string, string> = {
  milliseconds: 'seconds', microseconds: 'seconds', nanoseconds: 'seconds', minutes: 'seconds', hours: 'seconds', days: 'seconds',
  millis: 'seconds', kilobytes: 'bytes', megabytes: 'bytes', gigabytes: 'bytes', kibibytes: 'bytes', mebibytes: 'bytes', bits: 'bytes',
  percent: 'ratio', percentage: 'ratio', ms: 'seconds', msec: 'seconds', kb: 'bytes', mb: 'bytes',
};
const TYPE_WORDS = ['counter', 'gauge', 'histogram', 'summary'];

/** Every lint problem of a parsed exposition (all of them; facts cap what they keep). */
export function lintExposition(parsed: ParsedExposition): LintProblem[] {
  const out: LintProblem[] = [];
  for (const f of parsed.families) {
    if (f.count === 0) continue;
    namingProblems(f, parsed.format === 'openmetrics', out);
    reservedProblems(f, out);
    if (f.resumedAt.length > 0) {
      out.push({ rule: 'interleaved-family', family: f.name, line: f.resumedAt[0]!, message: `samples of ${f.name} resume at line ${f.resumedAt.join(', ')} after other families` });
    }
    if (f.type === 'histogram' || f.type === 'gaugehistogram') histogramProblems(f, out);
    if (f.type === 'summary') summaryProblems(f, out);
  }
  duplicateProblems(parsed.families, out);
  return out;
}

function namingProblems(f: MetricFamily, om: boolean, out: LintProblem[]): void {
  const add = (rule: LintRule, message: string): void => void out.push({ rule, family: f.name, line: f.line, message: `${f.name}: ${message}` });
  if (f.help === null || f.help.trim() === '') add('no-help', 'no help text');
  // OpenMetrics family names never carry `_total`; its samples always do.
  if (!om && f.type === 'counter' && !f.name.endsWith('_total')) add('counter-without-total', 'counter metrics should have "_total" suffix');
  if (f.type !== 'counter' && f.name.endsWith('_total')) add('total-on-non-counter', 'non-counter metrics should not have "_total" suffix');
  const words = f.name.split('_');
  for (const w of words) {
    const base = UNITS[w.toLowerCase()];
    if (base) add('non-base-unit', `use base unit "${base}" instead of "${w}"`);
    if (TYPE_WORDS.includes(w) && words.length > 1) add('type-in-name', `metric name should not include type '${w}'`);
  }
  if (/[a-z][A-Z]/.test(f.name)) add('not-snake-case', "metric names should be written in 'snake_case' not 'camelCase'");
  if (f.name.includes(':')) add('colon-in-name', "metric names should not contain ':' (reserved for recording rules)");
  for (const label of labelNamesOf(f)) {
    if (/[a-z][A-Z]/.test(label)) add('not-snake-case', `label names should be written in 'snake_case' not 'camelCase' ("${label}")`);
  }
}

function reservedProblems(f: MetricFamily, out: LintProblem[]): void {
  const histogram = f.type === 'histogram' || f.type === 'gaugehistogram';
  if (!histogram && f.type !== 'summary') {
    for (const suffix of ['_bucket', '_count', '_sum']) {
      if (f.name.endsWith(suffix)) out.push({ rule: 'reserved-suffix', family: f.name, line: f.line, message: `${f.name}: non-histogram and non-summary metrics should not have "${suffix}" suffix` });
    }
  }
  // A histogram's buckets carry `le`, a summary's own samples `quantile`; nothing else may.
  const le = firstLineWith(f, 'le', (name) => histogram && name.endsWith('_bucket'));
  if (le > 0) out.push({ rule: 'reserved-label', family: f.name, line: le, message: `${f.name}: "le" is reserved for histogram buckets (line ${le})` });
  const q = firstLineWith(f, 'quantile', (name) => f.type === 'summary' && name === f.name);
  if (q > 0) out.push({ rule: 'reserved-label', family: f.name, line: q, message: `${f.name}: "quantile" is reserved for summary quantiles (line ${q})` });
}

/** The line of `f`'s first sample with label `label` whose name `allowed` does not excuse; 0 if none. */
function firstLineWith(f: MetricFamily, label: string, allowed: (name: string) => boolean): number {
  const store = f.store;
  const using = new Set([...shapesOf(f)].filter((shape) => store.shapes[shape]!.includes(label)));
  if (using.size === 0) return 0;
  for (let r = 0; r < f.runs.length; r += 2) {
    for (let i = f.runs[r]!; i < f.runs[r + 1]!; i++) {
      if (using.has(store.shapeId[i]!) && !allowed(store.name(i))) return store.line[i]!;
    }
  }
  return 0;
}

function duplicateProblems(families: MetricFamily[], out: LintProblem[]): void {
  // Keyed by sample name, then by the series' label part (see `labelKeyFor`).
  const seen: (Map<string, number> | undefined)[] = [];
  for (const f of families) {
    const keyOf = labelKeyFor(f);
    const { line, flags, timestamp, nameId } = f.store;
    for (let r = 0; r < f.runs.length; r += 2) {
      for (let i = f.runs[r]!; i < f.runs[r + 1]!; i++) {
        // Samples with explicit, different timestamps are not duplicates (Prometheus #14683).
        const key = (flags[i]! & HAS_TIMESTAMP) === 0 ? keyOf(i) : `${keyOf(i)}\u0001${timestamp[i]}`;
        const byKey = (seen[nameId[i]!] ??= new Map<string, number>());
        const first = byKey.get(key);
        if (first === undefined) byKey.set(key, line[i]!);
        else out.push({ rule: 'duplicate-series', family: f.name, line: line[i]!, message: `line ${line[i]} repeats the series of line ${first} (${f.store.name(i)}); Prometheus keeps only the first` });
      }
    }
  }
}
