/**
 * The parsed samples of one exposition, column by column: typed arrays of numbers and
 * offsets into the decoded body instead of an object, a label array and strings per
 * sample. A sample costs ~40 bytes here against ~280 as objects, and nothing per sample
 * survives for the garbage collector to trace or copy, which was a third of parse time.
 * Label values stay in the body until a consumer asks for them; the names a line's labels
 * use (its "shape") are interned once, since nearly every line repeats the one before.
 */
import type { Exemplar, Sample } from './exposition';
import { BACKSLASH, QUOTE, unescape } from './scan';

/** `flags` bits. */
export const HAS_TIMESTAMP = 1;
/** The series as written has blanks or a trailing comma: not its compact spelling. */
export const SPACED = 2;
/** Some label value holds a backslash escape. */
export const ESCAPED = 4;

export class SampleStore {
  count = 0;
  /** Sample names and label-name lists, interned; shape 0 is "no labels". */
  readonly names: string[] = [];
  readonly shapes: string[][] = [[]];
  readonly exemplars = new Map<number, Exemplar>();
  line = new Int32Array(1024);
  value = new Float64Array(1024);
  timestamp = new Float64Array(1024);
  /** The series as written: `text.slice(start, end)` is `name{…}`. */
  start = new Int32Array(1024);
  end = new Int32Array(1024);
  nameId = new Int32Array(1024);
  shapeId = new Int32Array(1024);
  flags = new Uint8Array(1024);
  private readonly nameIds = new Map<string, number>();
  private readonly shapeIds = new Map<string, number>([['', 0]]);

  /** `text` is the decoded body, set once decoding is done. */
  constructor(public text: string, readonly om: boolean) {}

  nameIdOf(name: string): number {
    let id = this.nameIds.get(name);
    if (id === undefined) {
      id = this.names.push(name) - 1;
      this.nameIds.set(name, id);
    }
    return id;
  }

  /** The id of the label-name list `names[0, n)`, interned. */
  shapeIdOf(names: readonly string[], n: number): number {
    const list = names.slice(0, n);
    const key = list.join('\u0000');
    let id = this.shapeIds.get(key);
    if (id === undefined) {
      id = this.shapes.push(list) - 1;
      this.shapeIds.set(key, id);
    }
    return id;
  }

  /** Appends a sample; returns its index. */
  push(line: number, nameId: number, shapeId: number, start: number, end: number, value: number, timestamp: number, flags: number): number {
    const i = this.count;
    if (i === this.line.length) this.grow();
    this.line[i] = line;
    this.nameId[i] = nameId;
    this.shapeId[i] = shapeId;
    this.start[i] = start;
    this.end[i] = end;
    this.value[i] = value;
    this.timestamp[i] = timestamp;
    this.flags[i] = flags;
    this.count = i + 1;
    return i;
  }

  /** Makes room for `n` samples in all, so a parse sized from its body need not copy as it goes. */
  reserve(n: number): void {
    if (n > this.line.length) this.grow(n);
  }

  private grow(min = 0): void {
    const n = Math.max(this.line.length * 2, min);
    const copy = <T extends Int32Array | Float64Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.line = copy(this.line, (k) => new Int32Array(k));
    this.nameId = copy(this.nameId, (k) => new Int32Array(k));
    this.shapeId = copy(this.shapeId, (k) => new Int32Array(k));
    this.start = copy(this.start, (k) => new Int32Array(k));
    this.end = copy(this.end, (k) => new Int32Array(k));
    this.value = copy(this.value, (k) => new Float64Array(k));
    this.timestamp = copy(this.timestamp, (k) => new Float64Array(k));
    this.flags = copy(this.flags, (k) => new Uint8Array(k));
  }

  name(i: number): string {
    return this.names[this.nameId[i]!]!;
  }

  labelNames(i: number): string[] {
    return this.shapes[this.shapeId[i]!]!;
  }

  /**
   * Sample `i`'s label values in wire order, unescaped, into `out[0, n)` (returned), `n`
   * being the length of `labelNames(i)`. The line was
   * validated when parsed, so the quotes can be found without checking the grammar again:
   * names cannot hold a quote, so each value is the next quoted string.
   */
  labelValues(i: number, out: string[] = []): string[] {
    const n = this.shapes[this.shapeId[i]!]!.length;
    // Entries past `n` may be left from an earlier call (shrinking an array is slow).
    const s = this.text;
    const escaped = (this.flags[i]! & ESCAPED) !== 0;
    let pos = this.start[i]! + this.name(i).length;
    for (let k = 0; k < n; k++) {
      const open = s.indexOf('"', pos);
      const close = escaped ? closingQuote(s, open + 1) : s.indexOf('"', open + 1);
      out[k] = escaped ? unescapedValue(s, open + 1, close) : s.slice(open + 1, close);
      pos = close + 1;
    }
    return out;
  }

  /** The value of label `label` on sample `i`, or `undefined`. */
  labelValue(i: number, label: string): string | undefined {
    const k = this.labelNames(i).indexOf(label);
    return k < 0 ? undefined : this.labelValues(i)[k];
  }

  /** Flat `[name, value, …]` in wire order, as `Sample.labels`. */
  labels(i: number): string[] {
    const names = this.labelNames(i);
    const values = this.labelValues(i);
    const out: string[] = [];
    for (let k = 0; k < names.length; k++) out.push(names[k]!, values[k]!);
    return out;
  }

  /** Sample `i` as a plain object (tests and evidence; the analysis reads the columns). */
  sample(i: number, series: (i: number) => string): Sample {
    return {
      name: this.name(i),
      labels: this.labels(i),
      series: series(i),
      value: this.value[i]!,
      timestamp: (this.flags[i]! & HAS_TIMESTAMP) !== 0 ? this.timestamp[i]! : null,
      line: this.line[i]!,
      exemplar: this.exemplars.get(i) ?? null,
    };
  }
}

/** The closing quote of a value starting at `i` that may hold `\"`. */
function closingQuote(s: string, i: number): number {
  for (;;) {
    const c = s.charCodeAt(i);
    if (c === QUOTE) return i;
    i += c === BACKSLASH ? 2 : 1;
  }
}

function unescapedValue(s: string, i: number, end: number): string {
  const r = unescape(s, i, end, true);
  return 'error' in r ? s.slice(i, end) : r.text; // cannot fail: the parser checked the escapes
}
