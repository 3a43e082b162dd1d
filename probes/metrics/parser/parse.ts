/**
 * A validating parser for the Prometheus text format 0.0.4 and OpenMetrics 1.0, written
 * for speed: one decoded string, `indexOf` to find lines, char codes to read them, no
 * regular expressions. It does not stop at the first error: it records errors with line
 * numbers (up to a cap), skips the bad line and goes on, so evidence shows every problem.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { DEFAULT_LIMITS, clip, type ExpositionFormat, type MetricType, type ParseLimits, type ParsedExposition } from './exposition';
import { checkOpenMetricsSample, familyOwns } from './families';
import { Family } from './family';
import { MAX_LABELS, labelFloatAt, labelIndex, labelValueAt } from './parse-labels';
import { newCursor, parseSample, type Cursor } from './parse-sample';
import { ESCAPED, HAS_TIMESTAMP, SPACED, SampleStore } from './sample-store';
import { HASH, SPACE, TAB, scanMetricName, scanToken, skipBlanks, unescape } from './scan';

const TEXT_TYPES = new Set<MetricType>(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const OM_TYPES = new Set<MetricType>(['counter', 'gauge', 'histogram', 'summary', 'unknown', 'gaugehistogram', 'stateset', 'info']);

/** Parser state for one exposition. */
class ExpositionParser {
  readonly families: Family[] = [];
  readonly byName = new Map<string, Family>();
  current: Family | null = null;
  /** Sample names found to belong to `current` (a few): the fast path for the next ones. */
  readonly owned: string[] = [];
  /**
   * At `n`, the interned id of the label-name list `cursor.labels.names[0, n)`, or -1. The
   * names change rarely (a histogram's lines only add or drop `le` at the end), so an id
   * stays valid until a line brings a new name.
   */
  readonly shapeByCount = new Int32Array(MAX_LABELS + 1).fill(-1);
  readonly out: ParsedExposition;
  readonly store: SampleStore;
  cursor: Cursor;

  constructor(readonly om: boolean, readonly limits: ParseLimits) {
    this.cursor = newCursor('', om);
    this.store = new SampleStore('', om);
    this.out = {
      format: om ? 'openmetrics' : 'text', families: this.families, errors: [], errorCount: 0,
      lines: 0, samples: 0, limitBreached: null, skippedLines: 0, sawEof: false, store: this.store,
    };
  }

  /** Starts on the decoded body. */
  begin(s: string): void {
    this.cursor = newCursor(s, this.om);
    this.store.text = s;
    // Sample lines run 30-150 characters; one per 64 is a guess that rarely needs growing.
    this.store.reserve(Math.min(this.limits.maxSamples, s.length >> 6));
  }

  error(line: number, message: string): void {
    this.out.errorCount++;
    if (this.out.errors.length < this.limits.maxErrors) this.out.errors.push({ line, message: clip(message, 300) });
  }

  family(name: string, line: number): Family {
    let f = this.byName.get(name);
    if (!f) {
      f = new Family(this.store, name, this.om ? 'unknown' : 'untyped', line);
      this.byName.set(name, f);
      this.families.push(f);
    }
    return f;
  }

  /** Returns false when parsing must stop (a limit was hit). */
  sample(start: number, end: number, line: number): boolean {
    // A limit is ours, not the exposition's fault: recorded apart from its errors. It is
    // breached by a sample beyond it, so an exposition of exactly maxSamples is whole.
    if (this.store.count >= this.limits.maxSamples) {
      this.out.limitBreached = { limit: 'maxSamples', line };
      return false;
    }
    const c = this.cursor;
    c.pos = start;
    c.end = end;
    c.error = null;
    const name = parseSample(c);
    if (name === null) {
      this.shapeByCount.fill(-1); // the label names in the cursor may be this line's, half parsed
      this.error(line, c.error ?? 'malformed sample');
      return true;
    }
    const f = this.ownerOf(name, line);
    const problem = this.om ? checkOpenMetricsSample(f, name, c) : f.type === 'histogram' || f.type === 'summary' ? checkTextBound(f, name, c) : null;
    if (problem !== null) this.error(line, problem);
    f.add(this.store.push(line, this.nameIdOf(c), this.shapeOf(c), start, c.seriesEnd, c.value, c.timestamp, flagsOf(c)));
    if (c.exemplar !== null) this.store.exemplars.set(this.store.count - 1, c.exemplar);
    return true;
  }

  /** The interned id of the line's name, looked up once per recent name. */
  nameIdOf(c: Cursor): number {
    let id = c.recentId[c.slot]!;
    if (id < 0) c.recentId[c.slot] = id = this.store.nameIdOf(c.recent[c.slot]!);
    return id;
  }

  /** The interned label-name list of the line in `c`, looked up only when it changed. */
  shapeOf(c: Cursor): number {
    const L = c.labels;
    if (L.n === 0) return 0;
    if (!L.same) this.shapeByCount.fill(-1);
    let id = this.shapeByCount[L.n]!;
    if (id < 0) this.shapeByCount[L.n] = id = this.store.shapeIdOf(L.names, L.n);
    return id;
  }

  /** The family a sample belongs to; notes interleaving when a family resumes. */
  ownerOf(name: string, line: number): Family {
    const cur = this.current;
    if (cur !== null && this.owns(name)) return cur;
    // A family named exactly like the sample wins over a suffix match, as in expfmt.
    const exact = this.byName.get(name);
    if (cur !== null && (exact === cur || (exact === undefined && familyOwns(cur, name, this.om)))) {
      // A misnamed sample stays off the fast path, so every such line is reported.
      if (this.om && !familyOwns(cur, name, true)) this.misnamed(name, cur, line);
      else this.owned.push(name);
      return cur;
    }
    let f = exact ?? this.bySuffix(name);
    if (f === undefined) f = this.family(name, line);
    else if (this.om && !familyOwns(f, name, true)) this.misnamed(name, f, line);
    else if (f.count > 0) {
      f.resumedAt.push(line);
      if (this.om) this.error(line, `samples of "${f.name}" are interleaved with another family`);
    }
    this.current = f;
    this.owned.length = 0;
    this.owned.push(name);
    return f;
  }

  /** Whether `name` is known to belong to `current` (compared by identity first: names are reused). */
  owns(name: string): boolean {
    const owned = this.owned;
    for (let k = 0; k < owned.length; k++) if (owned[k] === name) return true;
    return false;
  }

  /** OpenMetrics: e.g. a counter's sample without `_total`. */
  misnamed(name: string, f: Family, line: number): void {
    this.error(line, `"${name}" is not a sample name a ${f.type} named "${f.name}" may have`);
  }

  bySuffix(name: string): Family | undefined {
    const cut = name.lastIndexOf('_');
    if (cut <= 0) return undefined;
    const f = this.byName.get(name.slice(0, cut));
    return f !== undefined && familyOwns(f, name, this.om) ? f : undefined;
  }

  comment(s: string, start: number, end: number, line: number): void {
    // `#`, blanks, keyword, blanks, metric name, blanks, rest.
    let p = this.om ? start + 1 : skipBlanks(s, start + 1, end);
    if (this.om && s.charCodeAt(p) !== SPACE) return this.error(line, 'expected "# " to start a metadata line');
    if (this.om) p++;
    const wordEnd = scanToken(s, p, end);
    const word = s.slice(p, wordEnd);
    if (this.om && word === 'EOF') {
      if (wordEnd !== end) this.error(line, 'unexpected text after # EOF');
      this.out.sawEof = true;
      return;
    }
    if (word !== 'HELP' && word !== 'TYPE' && (!this.om || word !== 'UNIT')) {
      if (this.om) this.error(line, `unknown metadata line "# ${word}"; OpenMetrics allows only HELP, TYPE, UNIT and EOF`);
      return; // a plain comment in the text format
    }
    p = this.om ? wordEnd + 1 : skipBlanks(s, wordEnd, end);
    // expfmt ignores `# HELP` / `# TYPE name` with nothing after them; OpenMetrics does not.
    if (p >= end) return this.om ? this.error(line, `${word} line without a metric name`) : undefined;
    const nameEnd = scanMetricName(s, p, end);
    if (nameEnd === p || (nameEnd < end && s.charCodeAt(nameEnd) !== SPACE && s.charCodeAt(nameEnd) !== TAB)) {
      return this.error(line, `invalid metric name in ${word} line`);
    }
    const name = s.slice(p, nameEnd);
    const restStart = nameEnd >= end ? end : this.om ? nameEnd + 1 : skipBlanks(s, nameEnd, end);
    if (!this.om && restStart >= end) return;
    this.metadata(word, name, s, restStart, end, line);
  }

  metadata(word: string, name: string, s: string, start: number, end: number, line: number): void {
    const f = this.family(name, line);
    if (this.om && this.current !== f && f.count > 0) return this.error(line, `${word} for "${name}" after its samples`);
    if (this.current !== f) this.owned.length = 0;
    this.current = f;
    if (word === 'HELP') {
      if (f.help !== null) return this.error(line, `second HELP line for metric name "${name}"`);
      const r = hasBackslash(s, start, end) ? unescape(s, start, end, this.om) : { text: s.slice(start, end) };
      if ('error' in r) return this.error(line, r.error);
      // OpenMetrics treats an empty HELP as absent.
      f.help = this.om && r.text === '' ? null : r.text;
    } else if (word === 'TYPE') {
      // The type is the rest of the line: `counter ` with a trailing blank is unknown. expfmt
      // drops backslashes there (`summ\ary` reads as summary), and so do we, to agree with it.
      const raw = s.slice(start, end);
      const type = (this.om || !raw.includes('\\') ? raw : raw.replaceAll('\\', '')) as MetricType;
      if (f.typed || f.count > 0) return this.error(line, `second TYPE line for metric name "${name}", or TYPE reported after samples`);
      if (!(this.om ? OM_TYPES : TEXT_TYPES).has(type)) return this.error(line, `unknown metric type ${JSON.stringify(type)}`);
      f.type = type;
      f.typed = true;
    } else {
      const unit = s.slice(start, end);
      if (f.unit !== null) return this.error(line, `second UNIT line for metric name "${name}"`);
      if (unit !== '' && !name.endsWith(`_${unit}`)) return this.error(line, `unit "${unit}" is not a suffix of the metric name "${name}"`);
      f.unit = unit === '' ? null : unit;
    }
  }
}

/** Looks only within the line: `indexOf` would scan the rest of a large body. */
function hasBackslash(s: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (s.charCodeAt(i) === 92) return true;
  return false;
}

function flagsOf(c: Cursor): number {
  return (c.hasTimestamp ? HAS_TIMESTAMP : 0) | (c.spaced ? SPACED : 0) | (c.labels.escaped ? ESCAPED : 0);
}

/** In the text format `le` and `quantile` must be floats (promtool agrees). */
function checkTextBound(f: Family, name: string, c: Cursor): string | null {
  const key = f.type === 'histogram' ? (name.endsWith('_bucket') ? 'le' : null) : name === f.name ? 'quantile' : null;
  if (key === null) return null;
  const k = labelIndex(c.labels, key);
  if (k < 0 || labelFloatAt(c.s, c.labels, k) !== null) return null;
  return `expected float as value for '${key}' label, got ${JSON.stringify(labelValueAt(c.s, c.labels, k))}`;
}

/** Decodes a body; invalid UTF-8 is an error on the lines that hold it. */
function decode(input: Buffer, p: ExpositionParser): string {
  // The same string either way; decoding plain ASCII as latin1 skips UTF-8's work.
  if (isAscii(input)) return input.toString('latin1');
  if (isUtf8(input)) return input.toString('utf8');
  let line = 1;
  for (let start = 0; start < input.length; line++) {
    let nl = input.indexOf(10, start);
    if (nl === -1) nl = input.length;
    if (!isUtf8(input.subarray(start, nl))) p.error(line, 'invalid UTF-8');
    start = nl + 1;
  }
  return input.toString('utf8');
}

/**
 * Parses one exposition. Never throws: malformed input comes back as `errors`, and the
 * limits bound the work (samples kept, line length).
 */
export function parseExposition(input: Buffer | string, format: ExpositionFormat, limits: Partial<ParseLimits> = {}): ParsedExposition {
  const om = format === 'openmetrics';
  const p = new ExpositionParser(om, { ...DEFAULT_LIMITS, ...limits });
  const s = typeof input === 'string' ? input : decode(input, p);
  p.begin(s);
  const maxLine = p.limits.maxLineLength;
  let line = 0;
  let pos = 0;
  const len = s.length;
  while (pos < len) {
    line++;
    let nl = s.indexOf('\n', pos);
    const lastWithoutNewline = nl === -1;
    if (lastWithoutNewline) nl = len;
    if (p.out.sawEof) {
      p.error(line, 'unexpected data after # EOF');
      break;
    }
    if (nl - pos > maxLine) {
      p.out.skippedLines++;
      p.out.limitBreached ??= { limit: 'maxLineLength', line };
      pos = nl + 1;
      continue;
    }
    if (!lineOk(p, s, pos, nl, line, lastWithoutNewline)) break;
    pos = nl + 1;
  }
  p.out.lines = line;
  p.out.samples = p.store.count;
  if (om && !p.out.sawEof && p.out.limitBreached?.limit !== 'maxSamples') p.error(Math.max(line, 1), 'data does not end with # EOF');
  return p.out;
}

function lineOk(p: ExpositionParser, s: string, pos: number, nl: number, line: number, lastWithoutNewline: boolean): boolean {
  const start = p.om ? pos : skipBlanks(s, pos, nl);
  if (start === nl) {
    if (p.om) p.error(line, 'empty line');
    return true;
  }
  if (lastWithoutNewline && !p.om) {
    p.error(line, 'unexpected end of input stream (the last line must end with a line feed)');
    return false;
  }
  if (s.charCodeAt(start) === HASH) {
    p.comment(s, start, nl, line);
    return true;
  }
  return p.sample(start, nl, line);
}
