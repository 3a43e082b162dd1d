/**
 * One sample line: `name{label="value",…} value [timestamp] [# {exemplar} value [ts]]`.
 * The text format allows runs of blanks between tokens and a trailing comma in the label
 * set; OpenMetrics wants single spaces, no trailing comma, and allows exemplars.
 */
import type { Exemplar, Sample } from './exposition';
import {
  BACKSLASH, COMMA, EQUALS, HASH, LBRACE, QUOTE, RBRACE, SPACE,
  isLabelChar, isNameChar, parseFloatToken, parseIntToken, scanLabelName, scanMetricName, scanToken, skipBlanks, unescape,
} from './scan';
import { canonicalSeries } from './series-key';

/**
 * A position in the line being parsed; `error` is set by the first problem found. One
 * cursor is reused for every line, and it remembers the previous sample's name and labels:
 * consecutive samples mostly repeat them, so the same strings are reused rather than
 * sliced again (fewer allocations, and identity comparisons downstream).
 */
export interface Cursor {
  s: string;
  pos: number;
  end: number;
  om: boolean;
  error: string | null;
  value: number;
  timestamp: number | null;
  prevName: string;
  prevLabels: string[];
  /** Set by the label parser: the label set's length if written compactly. */
  canonicalLength: number;
  /** The body has no backslash at all, so label values need no unescaping. */
  noBackslash: boolean;
}

export function newCursor(s: string, om: boolean): Cursor {
  // `value` starts as a non-integer so its field is a double from the start: a later
  // change of representation would deoptimise the hot functions mid-parse.
  return { s, pos: 0, end: 0, om, error: null, value: 0.5, timestamp: null, prevName: '', prevLabels: [], canonicalLength: 0, noBackslash: !s.includes('\\') };
}

/** Exemplar label sets are limited to 128 UTF-8 code points (names and values together). */
const MAX_EXEMPLAR_RUNES = 128;

function fail(c: Cursor, message: string): null {
  if (c.error === null) c.error = message;
  return null;
}

/** `s[i, end)` as a string, reusing `prev` when it holds the same characters. */
function sliceOrReuse(s: string, i: number, end: number, prev: string | undefined): string {
  if (prev !== undefined && prev.length === end - i && s.startsWith(prev, i)) return prev;
  return s.slice(i, end);
}

/**
 * Whether `prev` (the previous line's token) is repeated at `i` and ends there: the fast
 * path that skips scanning and slicing for names most lines share with the one before.
 */
function sameToken(s: string, i: number, prev: string | undefined, isPart: (c: number) => boolean): prev is string {
  return prev !== undefined && prev.length > 0 && s.startsWith(prev, i) && !isPart(s.charCodeAt(i + prev.length));
}

function scanName(c: Cursor): string | null {
  const nameEnd = scanMetricName(c.s, c.pos, c.end);
  return nameEnd === c.pos ? fail(c, 'invalid metric name') : c.s.slice(c.pos, nameEnd);
}

/** Parses the sample line in `c`; `null` with `c.error` set when it is malformed. */
export function parseSample(c: Cursor, line: number): Sample | null {
  const { s, end, om } = c;
  const nameStart = c.pos;
  const name = sameToken(s, c.pos, c.prevName, isNameChar) ? c.prevName : scanName(c);
  if (name === null) return null;
  const nameEnd = nameStart + name.length;
  c.prevName = name;
  c.pos = om ? nameEnd : skipBlanks(s, nameEnd, end);
  let labels: string[] = EMPTY;
  let series = name;
  if (c.pos < end && s.charCodeAt(c.pos) === LBRACE) {
    c.pos++;
    const parsed = parseLabels(c, name, c.prevLabels);
    if (parsed === null) return null;
    labels = parsed;
    c.prevLabels = parsed;
    // Written compactly, the wire text is the series as written; blanks or a trailing
    // comma need it rebuilt compactly, labels still in wire order (see series-key.ts).
    series = c.pos - nameStart === name.length + c.canonicalLength ? s.slice(nameStart, c.pos) : canonicalSeries(name, labels, false);
  }
  if (!parseValueAndTimestamp(c, name)) return null;
  let exemplar: Exemplar | null = null;
  if (c.pos < end) {
    exemplar = parseExemplar(c);
    if (exemplar === null) return null;
  }
  return { name, labels, series, value: c.value, timestamp: c.timestamp, line, exemplar };
}

const EMPTY: string[] = [];

/** Reads the value and optional timestamp into `c.value` and `c.timestamp`. */
function parseValueAndTimestamp(c: Cursor, name: string): boolean {
  const { s, end, om } = c;
  c.timestamp = null;
  if (om) {
    if (c.pos >= end || s.charCodeAt(c.pos) !== SPACE) return !!fail(c, `expected a space and a value after "${name}"`);
    c.pos++;
  } else c.pos = skipBlanks(s, c.pos, end);
  const valueEnd = om ? indexOfSpace(s, c.pos, end) : scanToken(s, c.pos, end);
  const value = parseFloatToken(s, c.pos, valueEnd);
  if (value === null) return !!fail(c, `expected float as value, got ${JSON.stringify(s.slice(c.pos, valueEnd))}`);
  c.value = value;
  c.pos = valueEnd;
  if (c.pos >= end) return true;
  if (om) {
    c.pos++; // the single space
    if (s.charCodeAt(c.pos) === HASH) return true;
    const tsEnd = indexOfSpace(s, c.pos, end);
    const ts = parseFloatToken(s, c.pos, tsEnd);
    if (ts === null || !Number.isFinite(ts)) return !!fail(c, `expected a finite timestamp in seconds, got ${JSON.stringify(s.slice(c.pos, tsEnd))}`);
    c.pos = tsEnd < end ? tsEnd + 1 : tsEnd;
    if (c.pos < end && s.charCodeAt(c.pos) !== HASH) return !!fail(c, `unexpected text after timestamp: ${JSON.stringify(s.slice(c.pos, end))}`);
    c.timestamp = ts;
    return true;
  }
  c.pos = skipBlanks(s, c.pos, end);
  const tsEnd = scanToken(s, c.pos, end);
  const ts = parseIntToken(s, c.pos, tsEnd);
  if (ts === null) return !!fail(c, `expected integer as timestamp, got ${JSON.stringify(s.slice(c.pos, tsEnd))}`);
  if (tsEnd < end) return !!fail(c, `spurious string after timestamp: ${JSON.stringify(s.slice(tsEnd, end))}`);
  c.pos = tsEnd;
  c.timestamp = ts;
  return true;
}

/** The next space within the line (OpenMetrics separates tokens by single spaces only). */
function indexOfSpace(s: string, i: number, end: number): number {
  while (i < end && s.charCodeAt(i) !== SPACE) i++;
  return i;
}

/** Label pairs are gathered here, then copied once into an array of the exact size. */
const scratch: string[] = new Array<string>(256).fill('');

/** Parses `a="x",b="y"}` (the `{` already consumed); `prev` offers strings to reuse. */
function parseLabels(c: Cursor, metric: string, prev: string[]): string[] | null {
  const { s, end, om } = c;
  let n = 0;
  c.canonicalLength = 2; // the braces
  for (;;) {
    if (!om) c.pos = skipBlanks(s, c.pos, end);
    if (c.pos >= end) return fail(c, `unclosed label set for metric "${metric}"`);
    if (s.charCodeAt(c.pos) === RBRACE) {
      c.pos++;
      return scratch.slice(0, n);
    }
    if (n >= scratch.length) return fail(c, `more than ${scratch.length / 2} labels on metric "${metric}"`);
    const prevName = n < prev.length ? prev[n] : undefined;
    let labelName: string;
    if (sameToken(s, c.pos, prevName, isLabelChar)) labelName = prevName;
    else {
      const labelEnd = scanLabelName(s, c.pos, end);
      if (labelEnd === c.pos) return fail(c, `invalid label name for metric "${metric}"`);
      labelName = s.slice(c.pos, labelEnd);
    }
    const nameEnd = c.pos + labelName.length;
    if (labelName === '__name__') return fail(c, `label name "__name__" is reserved`);
    for (let k = 0; k < n; k += 2) if (scratch[k] === labelName) return fail(c, `duplicate label name "${labelName}" for metric "${metric}"`);
    c.pos = om ? nameEnd : skipBlanks(s, nameEnd, end);
    if (s.charCodeAt(c.pos) !== EQUALS) return fail(c, `expected '=' after label name "${labelName}"`);
    c.pos = om ? c.pos + 1 : skipBlanks(s, c.pos + 1, end);
    if (s.charCodeAt(c.pos) !== QUOTE) return fail(c, `expected '"' at start of the value of label "${labelName}"`);
    const valueStart = c.pos;
    const value = parseQuoted(c, n + 1 < prev.length ? prev[n + 1] : undefined);
    if (value === null) return null;
    c.canonicalLength += (n > 0 ? 2 : 1) + labelName.length + c.pos - valueStart; // [,]name="…"
    scratch[n++] = labelName;
    scratch[n++] = value;
    if (!om) c.pos = skipBlanks(s, c.pos, end);
    const next = s.charCodeAt(c.pos);
    if (next === RBRACE) {
      c.pos++;
      return scratch.slice(0, n);
    }
    if (next !== COMMA) return fail(c, `expected ',' or '}' after the value of label "${labelName}"`);
    c.pos++;
    if (om && s.charCodeAt(c.pos) === RBRACE) return fail(c, 'trailing comma in label set');
  }
}

/** A quoted label value starting at the opening quote; leaves `pos` after the closing one. */
function parseQuoted(c: Cursor, prev: string | undefined): string | null {
  const { s, end } = c;
  const start = c.pos + 1;
  if (c.noBackslash) {
    // No escapes anywhere in the body: the value ends at the next quote (found natively).
    const close = s.indexOf('"', start);
    if (close === -1 || close >= end) return fail(c, `unexpected end of label value ${JSON.stringify(s.slice(start, end))}`);
    c.pos = close + 1;
    return sliceOrReuse(s, start, close, prev);
  }
  let q = start;
  let escaped = false;
  while (q < end) {
    const ch = s.charCodeAt(q);
    if (ch === QUOTE) break;
    if (ch === BACKSLASH) {
      escaped = true;
      q += 2;
    } else q++;
  }
  if (q >= end) return fail(c, `unexpected end of label value ${JSON.stringify(s.slice(start, end))}`);
  c.pos = q + 1;
  if (!escaped) return sliceOrReuse(s, start, q, prev);
  const r = unescape(s, start, q, true);
  return 'error' in r ? fail(c, r.error) : r.text;
}

/** ` # {labels} value [timestamp]` after a sample (OpenMetrics only). */
function parseExemplar(c: Cursor): Exemplar | null {
  const { s, end } = c;
  if (!c.om) return fail(c, 'unexpected text after the value');
  if (s.charCodeAt(c.pos) !== HASH || s.charCodeAt(c.pos + 1) !== SPACE || s.charCodeAt(c.pos + 2) !== LBRACE) {
    return fail(c, `expected ' # {' to start an exemplar, got ${JSON.stringify(s.slice(c.pos, end))}`);
  }
  c.pos += 3;
  const labels = parseLabels(c, 'exemplar', EMPTY);
  if (labels === null) return null;
  let runes = 0;
  for (const part of labels) runes += codePoints(part);
  if (runes > MAX_EXEMPLAR_RUNES) return fail(c, `exemplar labels are ${runes} code points; at most ${MAX_EXEMPLAR_RUNES} are allowed`);
  if (s.charCodeAt(c.pos) !== SPACE) return fail(c, 'expected value after exemplar labels');
  c.pos++;
  const valueEnd = indexOfSpace(s, c.pos, end);
  const value = parseFloatToken(s, c.pos, valueEnd);
  if (value === null) return fail(c, `expected float as exemplar value, got ${JSON.stringify(s.slice(c.pos, valueEnd))}`);
  if (valueEnd >= end) return { labels, value, timestamp: null };
  const tsEnd = indexOfSpace(s, valueEnd + 1, end);
  const ts = parseFloatToken(s, valueEnd + 1, tsEnd);
  if (ts === null || !Number.isFinite(ts)) return fail(c, `expected a finite exemplar timestamp, got ${JSON.stringify(s.slice(valueEnd + 1, tsEnd))}`);
  if (tsEnd < end) return fail(c, 'unexpected text after the exemplar timestamp');
  return { labels, value, timestamp: ts };
}

/** Code points in a string: UTF-16 length minus the low halves of surrogate pairs. */
function codePoints(text: string): number {
  let n = text.length;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c >= 0xdc00 && c <= 0xdfff) n--;
  }
  return n;
}
