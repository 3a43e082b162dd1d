/**
 * A label set, `a="x",b="y"}` after the `{`. Nothing is allocated for a line whose label
 * names repeat the previous line's (nearly all of them): names are compared in place
 * against the strings kept from that line, and values are left in the body as offsets.
 */
import type { Cursor } from './parse-sample';
import { BACKSLASH, COMMA, EQUALS, QUOTE, RBRACE, RecentNames, SPACE, TAB, isLabelChar, parseFloatToken, scanLabelName, skipBlanks, unescape } from './scan';

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

function fail(c: Cursor, message: string): null {
  failed(c, message);
  return null;
}

/** Parses a label set into `L`, leaving `c.pos` after the `}`; false with `c.error` set if malformed. */
export function parseLabels(c: Cursor, metric: string, L: LabelScratch): boolean {
  const { s, end, om } = c;
  const at = L.at;
  // Names below `clean` are one whole earlier label set's: no duplicates among them.
  const clean = L.clean;
  L.clean = 0; // until this set parses whole
  L.escaped = false;
  L.same = true;
  let n = 0;
  let canonical = 2; // the braces
  let pos = c.pos;
  // Each character is read once into `ch`; blanks (text format only) are rare.
  let ch = s.charCodeAt(pos);
  for (;;) {
    if (!om && (ch === SPACE || ch === TAB)) ch = s.charCodeAt((pos = skipBlanks(s, pos, end)));
    if (pos >= end) return failed(c, `unclosed label set for metric "${metric}"`);
    if (ch === RBRACE) break;
    if (n >= MAX_LABELS) return failed(c, `more than ${MAX_LABELS} labels on metric "${metric}"`);
    const label = labelName(c, metric, L, n, pos, n < clean);
    if (label === null) return false;
    ch = s.charCodeAt((pos += label.length));
    if (!om && (ch === SPACE || ch === TAB)) ch = s.charCodeAt((pos = skipBlanks(s, pos, end)));
    if (ch !== EQUALS) return failed(c, `expected '=' after label name "${label}"`);
    ch = s.charCodeAt(++pos);
    if (!om && (ch === SPACE || ch === TAB)) ch = s.charCodeAt((pos = skipBlanks(s, pos, end)));
    if (ch !== QUOTE) return failed(c, `expected '"' at start of the value of label "${label}"`);
    const close = closingQuote(c, L, pos + 1);
    if (close < 0) return false;
    at[2 * n] = pos + 1;
    at[2 * n + 1] = close;
    canonical += (n > 0 ? 2 : 1) + label.length + close + 1 - pos; // [,]name="…"
    n++;
    ch = s.charCodeAt((pos = close + 1));
    if (!om && (ch === SPACE || ch === TAB)) ch = s.charCodeAt((pos = skipBlanks(s, pos, end)));
    if (ch === RBRACE) break;
    if (ch !== COMMA) return failed(c, `expected ',' or '}' after the value of label "${label}"`);
    ch = s.charCodeAt(++pos);
    if (om && ch === RBRACE) return failed(c, 'trailing comma in label set');
  }
  c.pos = pos + 1;
  L.n = n;
  L.clean = n;
  L.canonicalLength = canonical;
  return true;
}

/**
 * The label name at `pos`, kept at `names[n]`: the string already there when repeated
 * (no scanning, no slicing), else a new one (clearing `L.same`). `clean`: the names before `n`
 * are known to hold no duplicate of a repeated name. `null` with the error set if invalid.
 */
function labelName(c: Cursor, metric: string, L: LabelScratch, n: number, pos: number, clean: boolean): string | null {
  const s = c.s;
  const names = L.names;
  let label = names[n]!;
  if (label.length === 0 || !L.nameText.repeated(n, s, pos, label.length) || isLabelChar(s.charCodeAt(pos + label.length))) {
    const nameEnd = scanLabelName(s, pos, c.end);
    if (nameEnd === pos) return fail(c, `invalid label name for metric "${metric}"`);
    label = s.slice(pos, nameEnd);
    if (label === '__name__') return fail(c, `label name "__name__" is reserved`);
    L.same = false;
  }
  if (!L.same || !clean) {
    for (let k = 0; k < n; k++) if (names[k] === label) return fail(c, `duplicate label name "${label}" for metric "${metric}"`);
  }
  if (label !== names[n]) {
    // Only a valid name is kept, and its text with it, so the two always agree.
    names[n] = label;
    L.nameText.remember(n, s, pos, label.length);
  }
  return label;
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
