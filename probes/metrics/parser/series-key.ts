/**
 * Series identity for duplicate detection. The store keeps each sample's series as written
 * (`name{b="y",a="x"}`, offsets into the body: a slice of the line when a key is needed);
 * that text identifies the series as long as the family writes its labels in one order,
 * which client libraries do. Only a family that writes the same label names in different
 * orders (or a line with blanks or a trailing comma) needs keys rebuilt with labels sorted.
 */
import { shapesOf, type MetricFamily } from './exposition';
import { SPACED, type SampleStore } from './sample-store';

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

/** Sample `i`'s series as written, or rebuilt compactly (labels in wire order) when spaced out. */
export function seriesOf(store: SampleStore, i: number): string {
  if ((store.flags[i]! & SPACED) === 0) return store.text.slice(store.start[i]!, store.end[i]!);
  return canonicalSeries(store.name(i), store.labels(i), false);
}

/** Whether some samples of `f` write the same label names in a different order. */
export function mixesLabelOrder(f: MetricFamily): boolean {
  const orders = new Map<string, string>(); // sorted names → names as written
  for (const shape of shapesOf(f)) {
    const written = f.store.shapes[shape]!;
    const asWritten = written.join(',');
    const sorted = [...written].sort().join(',');
    const seen = orders.get(sorted);
    if (seen === undefined) orders.set(sorted, asWritten);
    else if (seen !== asWritten) return true;
  }
  return false;
}

/**
 * The identity of a family's samples (by store index) without the sample name, which the
 * caller keys on separately: the label part of the series, `{…}`, as written or rebuilt.
 * Shorter keys hash faster, and that hashing is most of duplicate detection's time.
 */
export function labelKeyFor(f: MetricFamily): (i: number) => string {
  const store = f.store;
  if (mixesLabelOrder(f)) return (i) => canonicalSeries(store.name(i), store.labels(i)).slice(store.name(i).length);
  return (i) => ((store.flags[i]! & SPACED) === 0 ? store.text.slice(store.start[i]! + store.name(i).length, store.end[i]!) : seriesOf(store, i).slice(store.name(i).length));
}
