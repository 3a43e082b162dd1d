/**
 * A label set, `a="x",b="y"}` after the `{`. Nothing is allocated for a line whose label
 * names repeat the previous line's (nearly all of them): names are compared in place
 * against the strings kept from that line, and values are left in the body as offsets.
 */
import type { Cursor } from './parse-sample';
import { BACKSLASH, COMMA, EQUALS, QUOTE, RBRACE, RecentNames, isLabelChar, parseFloatToken, scanLabelName, skipBlanks, unescape } from './scan';

export const MAX_LABELS = 128;

/** One line's labels, reused from line to line. */
export interface LabelScratch {
  n: number;
  /** Label names; entries past `n` are left from earlier lines. */
  names: string[];
  /** The text of each name, to recognise it on the next line. */
  nameText: RecentNames;
  /** Per label: offsets of the value's first character and of its closing quote. */
  at: Int32Array;
  /** Every name was the string already at its index (the previous line's). */
  same: boolean;
  /** How many leading names are one whole earlier label set's (so hold no duplicates). */
  clean: number;
  /** Some value holds an escape. */
  escaped: boolean;
  /** The label set's length if written compactly, braces included. */
  canonicalLength: number;
}

export function newLabelScratch(): LabelScratch {
  return { n: 0, names: new Array<string>(MAX_LABELS).fill(''), nameText: new RecentNames(MAX_LABELS, 32), at: new Int32Array(2 * MAX_LABELS), same: true, clean: 0, escaped: false, canonicalLength: 0 };
}

function failed(c: Cursor, message: string): false {
  if (c.error === null) c.error = message;
  return false;
}

/** Parses a label set into `L`, leaving `c.pos` after the `}`; false with `c.error` set if malformed. */
export function parseLabels(c: Cursor, metric: string, L: LabelScratch): boolean {
  const { s, end, om } = c;
  const names = L.names;
  const at = L.at;
  // Names below `clean` are one whole earlier label set's: no duplicates among them.
  const clean = L.clean;
  L.clean = 0; // until this set parses whole
  L.escaped = false;
  let n = 0;
  let same = true;
  let canonical = 2; // the braces
  let pos = c.pos;
  for (;;) {
    if (!om) pos = skipBlanks(s, pos, end);
    if (pos >= end) return failed(c, `unclosed label set for metric "${metric}"`);
    if (s.charCodeAt(pos) === RBRACE) break;
    if (n >= MAX_LABELS) return failed(c, `more than ${MAX_LABELS} labels on metric "${metric}"`);
    const nameStart = pos;
    let label = names[n]!;
    let nameEnd = pos + label.length;
    let fresh = false;
    // The name kept at `names[n]`, when repeated here, needs no scanning or slicing.
    if (label.length === 0 || !L.nameText.repeated(n, s, pos, label.length) || isLabelChar(s.charCodeAt(nameEnd))) {
      nameEnd = scanLabelName(s, pos, end);
      if (nameEnd === pos) return failed(c, `invalid label name for metric "${metric}"`);
      label = s.slice(pos, nameEnd);
      fresh = true;
      if (label === '__name__') return failed(c, `label name "__name__" is reserved`);
      same = false;
    }
    if (!same || n >= clean) {
      for (let k = 0; k < n; k++) if (names[k] === label) return failed(c, `duplicate label name "${label}" for metric "${metric}"`);
    }
    pos = om ? nameEnd : skipBlanks(s, nameEnd, end);
    if (s.charCodeAt(pos) !== EQUALS) return failed(c, `expected '=' after label name "${label}"`);
    pos = om ? pos + 1 : skipBlanks(s, pos + 1, end);
    if (s.charCodeAt(pos) !== QUOTE) return failed(c, `expected '"' at start of the value of label "${label}"`);
    const close = closingQuote(c, L, pos + 1);
    if (close < 0) return false;
    at[2 * n] = pos + 1;
    at[2 * n + 1] = close;
    canonical += (n > 0 ? 2 : 1) + label.length + close + 1 - pos; // [,]name="…"
    // Set with `names[n]` only, so the two always agree.
    if (fresh) L.nameText.remember(n, s, nameStart, label.length);
    names[n++] = label;
    pos = close + 1;
    if (!om) pos = skipBlanks(s, pos, end);
    const next = s.charCodeAt(pos);
    if (next === RBRACE) break;
    if (next !== COMMA) return failed(c, `expected ',' or '}' after the value of label "${label}"`);
    pos++;
    if (om && s.charCodeAt(pos) === RBRACE) return failed(c, 'trailing comma in label set');
  }
  c.pos = pos + 1;
  L.n = n;
  L.same = same;
  L.clean = n;
  L.canonicalLength = canonical;
  return true;
}

/** The closing quote of a value whose first character is at `start`, or -1 (error set). */
function closingQuote(c: Cursor, L: LabelScratch, start: number): number {
  const { s, end } = c;
  if (c.noBackslash) {
    // No escapes anywhere in the body: the value ends at the next quote (found natively).
    const close = s.indexOf('"', start);
    if (close !== -1 && close < end) return close;
    failed(c, `unexpected end of label value ${JSON.stringify(s.slice(start, end))}`);
    return -1;
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
  if (q >= end) {
    failed(c, `unexpected end of label value ${JSON.stringify(s.slice(start, end))}`);
    return -1;
  }
  if (escaped) {
    const r = unescape(s, start, q, true);
    if ('error' in r) {
      failed(c, r.error);
      return -1;
    }
    L.escaped = true;
  }
  return q;
}

/** The index of label `name` in `L`, or -1. */
export function labelIndex(L: LabelScratch, name: string): number {
  for (let k = 0; k < L.n; k++) if (L.names[k] === name) return k;
  return -1;
}

/** Label `k`'s value as a string (unescaped). */
export function labelValueAt(s: string, L: LabelScratch, k: number): string {
  const from = L.at[2 * k]!;
  const to = L.at[2 * k + 1]!;
  if (!L.escaped) return s.slice(from, to);
  const r = unescape(s, from, to, true);
  return 'error' in r ? s.slice(from, to) : r.text;
}

/** Label `k`'s value read as a float, without slicing it when it has no escapes. */
export function labelFloatAt(s: string, L: LabelScratch, k: number): number | null {
  if (L.escaped) {
    const v = labelValueAt(s, L, k);
    return parseFloatToken(v, 0, v.length);
  }
  return parseFloatToken(s, L.at[2 * k]!, L.at[2 * k + 1]!);
}
