/**
 * Which sample names a family owns (the suffix rules of each type), and the per-sample
 * rules OpenMetrics adds to its types.
 */
import type { MetricFamily, MetricType } from './exposition';
import { labelIndex } from './parse-labels';
import type { Cursor } from './parse-sample';

/** Suffixes each type's samples may carry; '' is the bare family name. */
const TEXT_SUFFIXES: Partial<Record<MetricType, readonly string[]>> = {
  histogram: ['_bucket', '_count', '_sum'],
  summary: ['', '_count', '_sum'],
};

const OM_SUFFIXES: Record<MetricType, readonly string[]> = {
  counter: ['_total', '_created'],
  gauge: [''],
  histogram: ['_bucket', '_count', '_sum', '_created'],
  gaugehistogram: ['_bucket', '_gcount', '_gsum'],
  summary: ['', '_count', '_sum', '_created'],
  info: ['_info'],
  stateset: [''],
  unknown: [''],
  untyped: [''],
};

/** Whether `sampleName` is one of `f`'s sample names. */
export function familyOwns(f: MetricFamily, sampleName: string, om: boolean): boolean {
  const base = f.name;
  if (sampleName === base) return om ? OM_SUFFIXES[f.type].includes('') : true;
  if (sampleName.length <= base.length || !sampleName.startsWith(base)) return false;
  const suffixes = om ? OM_SUFFIXES[f.type] : TEXT_SUFFIXES[f.type];
  if (!suffixes) return false;
  const suffix = sampleName.slice(base.length);
  return suffixes.includes(suffix);
}

/** OpenMetrics rules on a sample of a known family (the line in `c`), or `null` when it keeps them. */
export function checkOpenMetricsSample(f: MetricFamily, name: string, c: Cursor): string | null {
  const suffix = name.slice(f.name.length);
  const value = c.value;
  if (c.exemplar !== null && !(suffix === '_total' || suffix === '_bucket')) {
    return `exemplars are allowed only on counter _total and histogram _bucket samples, not on "${name}"`;
  }
  switch (f.type) {
    case 'counter':
      if (suffix === '_total' && (value < 0 || Number.isNaN(value))) return `counter "${name}" has value ${value}; counters are non-negative`;
      return null;
    case 'histogram':
    case 'gaugehistogram':
      if (suffix === '_bucket' && labelIndex(c.labels, 'le') < 0) return `histogram bucket "${name}" has no "le" label`;
      if ((suffix === '_bucket' || suffix === '_count' || suffix === '_gcount') && !(value >= 0 && Number.isInteger(value))) {
        return `"${name}" is ${value}; bucket and count values are non-negative integers`;
      }
      return null;
    case 'summary':
      if ((suffix === '_count' || suffix === '_sum') && value < 0) return `"${name}" is ${value}; summary count and sum are non-negative`;
      return null;
    case 'stateset':
      if (value !== 0 && value !== 1) return `stateset "${name}" has value ${value}; states are 0 or 1`;
      if (labelIndex(c.labels, f.name) < 0) return `stateset "${name}" has no label named "${f.name}"`;
      return null;
    case 'info':
      return value === 1 ? null : `info "${name}" has value ${value}; info metrics are always 1`;
    default:
      return null;
  }
}
