/**
 * Which sample names a family owns (the suffix rules of each type), and the per-sample
 * rules OpenMetrics adds to its types.
 */
import type { MetricFamily, MetricType, Sample } from './exposition';

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

function labelValue(s: Sample, name: string): string | undefined {
  for (let k = 0; k < s.labels.length; k += 2) if (s.labels[k] === name) return s.labels[k + 1];
  return undefined;
}

/** OpenMetrics rules on a sample of a known family, or `null` when it keeps them. */
export function checkOpenMetricsSample(f: MetricFamily, s: Sample): string | null {
  const suffix = s.name.slice(f.name.length);
  if (s.exemplar !== null && !(suffix === '_total' || suffix === '_bucket')) {
    return `exemplars are allowed only on counter _total and histogram _bucket samples, not on "${s.name}"`;
  }
  switch (f.type) {
    case 'counter':
      if (suffix === '_total' && (s.value < 0 || Number.isNaN(s.value))) return `counter "${s.name}" has value ${s.value}; counters are non-negative`;
      return null;
    case 'histogram':
    case 'gaugehistogram':
      if (suffix === '_bucket' && labelValue(s, 'le') === undefined) return `histogram bucket "${s.name}" has no "le" label`;
      if ((suffix === '_bucket' || suffix === '_count' || suffix === '_gcount') && !(s.value >= 0 && Number.isInteger(s.value))) {
        return `"${s.name}" is ${s.value}; bucket and count values are non-negative integers`;
      }
      return null;
    case 'summary':
      if ((suffix === '_count' || suffix === '_sum') && s.value < 0) return `"${s.name}" is ${s.value}; summary count and sum are non-negative`;
      return null;
    case 'stateset':
      if (s.value !== 0 && s.value !== 1) return `stateset "${s.name}" has value ${s.value}; states are 0 or 1`;
      if (labelValue(s, f.name) === undefined) return `stateset "${s.name}" has no label named "${f.name}"`;
      return null;
    case 'info':
      return s.value === 1 ? null : `info "${s.name}" has value ${s.value}; info metrics are always 1`;
    default:
      return null;
  }
}
