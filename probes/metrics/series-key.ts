/**
 * Series identity for duplicate detection. The parser keeps each sample's series as
 * written (`name{b="y",a="x"}`, one slice of the line, no copy); that text identifies the
 * series as long as the family writes its labels in one order, which client libraries do.
 * Only a family that writes the same label names in different orders (or a line with
 * blanks or a trailing comma) needs keys rebuilt with labels sorted.
 */
import type { MetricFamily, Sample } from './exposition';

/**
 * `name{a="x",b="y"}` with values escaped as on the wire: label names sorted (one spelling
 * per series), or with `sorted` false in wire order (the compact form of a spaced-out line).
 */
export function canonicalSeries(name: string, labels: string[], sorted = true): string {
  if (labels.length === 0) return name;
  const pairs: string[] = [];
  for (let k = 0; k < labels.length; k += 2) pairs.push(`${labels[k]}="${labels[k + 1]!.replace(/[\\"\n]/g, escapeChar)}"`);
  return `${name}{${(sorted ? pairs.sort() : pairs).join(',')}}`;
}

function escapeChar(ch: string): string {
  return ch === '\n' ? '\\n' : `\\${ch}`;
}

/** Whether some samples of `f` write the same label names in a different order. */
export function mixesLabelOrder(f: MetricFamily): boolean {
  const orders = new Map<string, string>(); // sorted names → names as written
  let prev: string[] | null = null;
  for (const s of f.samples) {
    const l = s.labels;
    let same = prev !== null && l.length === prev.length;
    for (let k = 0; same && k < l.length; k += 2) same = l[k] === prev![k];
    prev = l;
    if (same) continue;
    const written: string[] = [];
    for (let k = 0; k < l.length; k += 2) written.push(l[k]!);
    const asWritten = written.join(',');
    const sorted = written.sort().join(',');
    const seen = orders.get(sorted);
    if (seen === undefined) orders.set(sorted, asWritten);
    else if (seen !== asWritten) return true;
  }
  return false;
}

/** The identity function to use for a family's samples. */
export function seriesKeyFor(f: MetricFamily): (s: Sample) => string {
  return mixesLabelOrder(f) ? (s) => canonicalSeries(s.name, s.labels) : (s) => s.series;
}
