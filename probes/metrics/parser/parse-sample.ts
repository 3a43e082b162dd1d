/**
 * One sample line: `name{label="value",…} value [timestamp] [# {exemplar} value [ts]]`.
 * The text format allows runs of blanks between tokens and a trailing comma in the label
 * set; OpenMetrics wants single spaces, no trailing comma, and allows exemplars.
 */
import type { Exemplar } from './exposition';
import { labelValueAt, newLabelScratch, parseLabels, type LabelScratch } from './parse-labels';
import { HASH, LBRACE, POW10, SPACE, TAB, RecentNames, isNameChar, parseFloatToken, parseIntToken, scanMetricName, scanToken, skipBlanks } from './scan';

/**
 * A position in the line being parsed, and what the line held; `error` is set by the first
 * problem found. One cursor is reused for every line, so a line allocates nothing unless
 * it differs from the previous one in its name or label names.
 */
export interface Cursor {
  s: string;
  pos: number;
  end: number;
  om: boolean;
  error: string | null;
  value: number;
  /** Valid when `hasTimestamp`. */
  timestamp: number;
  hasTimestamp: boolean;
  /**
   * Recent sample names, where in the body each was read, and their interned ids (-1 until
   * the parser looks one up). Most lines repeat one of them (a histogram cycles through
   * three), so the same string and id serve them all.
   */
  recent: string[];
  recentText: RecentNames;
  recentId: Int32Array;
  /** The slot of `recent` holding this line's name. */
  slot: number;
  labels: LabelScratch;
  exemplarLabels: LabelScratch;
  /** End of the series (after `}`, or after the name without labels). */
  seriesEnd: number;
  /** The series has blanks or a trailing comma, so it is not written compactly. */
  spaced: boolean;
  exemplar: Exemplar | null;
  /** The body has no backslash at all, so label values need no unescaping. */
  noBackslash: boolean;
}

export function newCursor(s: string, om: boolean): Cursor {
  // `value` and `timestamp` start as non-integers so their fields are doubles from the
  // start: a later change of representation would deoptimise the hot functions mid-parse.
  return {
    s, pos: 0, end: 0, om, error: null, value: 0.5, timestamp: 0.5, hasTimestamp: false,
    recent: ['', '', '', ''], recentText: new RecentNames(RECENT, 128), recentId: new Int32Array(RECENT).fill(-1), slot: 0,
    labels: newLabelScratch(), exemplarLabels: newLabelScratch(), seriesEnd: 0, spaced: false, exemplar: null, noBackslash: !s.includes('\\'),
  };
}

const RECENT = 4;

/** The slot of the recent name repeated at `i`, trying the last one first; -1 if none. */
function recentName(c: Cursor, s: string, i: number): number {
  for (let t = 0; t < RECENT; t++) {
    const k = (c.slot + t) & (RECENT - 1);
    const name = c.recent[k]!;
    if (name.length > 0 && c.recentText.repeated(k, s, i, name.length) && !isNameChar(s.charCodeAt(i + name.length))) return k;
  }
  return -1;
}

/** Exemplar label sets are limited to 128 UTF-8 code points (names and values together). */
const MAX_EXEMPLAR_RUNES = 128;

function fail(c: Cursor, message: string): null {
  if (c.error === null) c.error = message;
  return null;
}

/**
 * Parses the sample line in `c` and returns its name; `null` with `c.error` set when it is
 * malformed. Labels, value, timestamp and exemplar are left in the cursor.
 */
export function parseSample(c: Cursor): string | null {
  const { s, end, om } = c;
  const nameStart = c.pos;
  let slot = recentName(c, s, nameStart);
  if (slot < 0) {
    const nameEnd = scanMetricName(s, nameStart, end);
    if (nameEnd === nameStart) return fail(c, 'invalid metric name');
    slot = (c.slot + 1) & (RECENT - 1);
    c.recent[slot] = s.slice(nameStart, nameEnd);
    c.recentText.remember(slot, s, nameStart, nameEnd - nameStart);
    c.recentId[slot] = -1;
  }
  c.slot = slot;
  const name = c.recent[slot]!;
  c.seriesEnd = nameStart + name.length;
  c.pos = om ? c.seriesEnd : skipBlanks(s, c.seriesEnd, end);
  c.labels.n = 0;
  c.labels.escaped = false;
  c.spaced = false;
  if (c.pos < end && s.charCodeAt(c.pos) === LBRACE) {
    c.pos++;
    if (!parseLabels(c, name, c.labels)) return null;
    c.seriesEnd = c.pos;
    c.spaced = c.pos - nameStart !== name.length + c.labels.canonicalLength;
  }
  if (!parseValueAndTimestamp(c, name)) return null;
  c.exemplar = null;
  if (c.pos < end && (c.exemplar = parseExemplar(c)) === null) return null;
  return name;
}

/** Reads the value and optional timestamp into `c.value` and `c.timestamp`. */
function parseValueAndTimestamp(c: Cursor, name: string): boolean {
  const { s, end, om } = c;
  c.hasTimestamp = false;
  if (om) {
    if (c.pos >= end || s.charCodeAt(c.pos) !== SPACE) return !!fail(c, `expected a space and a value after "${name}"`);
    c.pos++;
  } else c.pos = skipBlanks(s, c.pos, end);
  let valueEnd = plainDecimal(c, s, c.pos, end);
  if (valueEnd < 0) {
    valueEnd = om ? indexOfSpace(s, c.pos, end) : scanToken(s, c.pos, end);
    const value = parseFloatToken(s, c.pos, valueEnd);
    if (value === null) return !!fail(c, `expected float as value, got ${JSON.stringify(s.slice(c.pos, valueEnd))}`);
    c.value = value;
  }
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
    c.hasTimestamp = true;
    return true;
  }
  c.pos = skipBlanks(s, c.pos, end);
  const tsEnd = scanToken(s, c.pos, end);
  const ts = parseIntToken(s, c.pos, tsEnd);
  if (ts === null) return !!fail(c, `expected integer as timestamp, got ${JSON.stringify(s.slice(c.pos, tsEnd))}`);
  if (tsEnd < end) return !!fail(c, `spurious string after timestamp: ${JSON.stringify(s.slice(tsEnd, end))}`);
  c.pos = tsEnd;
  c.timestamp = ts;
  c.hasTimestamp = true;
  return true;
}

/**
 * The common value, an unsigned decimal of at most 15 digits (`17`, `0.37`), read in one
 * pass into `c.value`; returns where it ends, or -1 for anything else (sign, exponent,
 * Inf, NaN, more digits, not followed by a blank or the end), which the full grammar reads.
 * Exact for the same reason as `parseFloatToken`'s fast path.
 */
function plainDecimal(c: Cursor, s: string, i: number, end: number): number {
  let q = i;
  let m = 0;
  let ch = 0;
  while (q < end && (ch = s.charCodeAt(q)) >= 48 && ch <= 57) {
    m = m * 10 + (ch - 48);
    q++;
  }
  let digits = q - i;
  let frac = 0;
  if (q < end && ch === 46) {
    q++;
    while (q < end && (ch = s.charCodeAt(q)) >= 48 && ch <= 57) {
      m = m * 10 + (ch - 48);
      q++;
      frac++;
    }
    digits += frac;
  }
  // OpenMetrics separates tokens by one space only; the text format by blanks.
  if (digits === 0 || digits > 15 || (q < end && ch !== SPACE && (c.om || ch !== TAB))) return -1;
  c.value = m / POW10[frac]!;
  return q;
}

/** The next space within the line (OpenMetrics separates tokens by single spaces only). */
function indexOfSpace(s: string, i: number, end: number): number {
  while (i < end && s.charCodeAt(i) !== SPACE) i++;
  return i;
}

/** ` # {labels} value [timestamp]` after a sample (OpenMetrics only). */
function parseExemplar(c: Cursor): Exemplar | null {
  const { s, end } = c;
  if (!c.om) return fail(c, 'unexpected text after the value');
  if (s.charCodeAt(c.pos) !== HASH || s.charCodeAt(c.pos + 1) !== SPACE || s.charCodeAt(c.pos + 2) !== LBRACE) {
    return fail(c, `expected ' # {' to start an exemplar, got ${JSON.stringify(s.slice(c.pos, end))}`);
  }
  c.pos += 3;
  const L = c.exemplarLabels;
  if (!parseLabels(c, 'exemplar', L)) return null;
  const labels: string[] = [];
  for (let k = 0; k < L.n; k++) labels.push(L.names[k]!, labelValueAt(s, L, k));
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
