/**
 * Character-level helpers for the exposition parser. Everything works on char codes of
 * one decoded string, with no regular expressions and no `Number()`: `Number('0x1F')` is
 * 31, `Number('')` is 0 and `Number('1_2')` is NaN, none of which Prometheus agrees with.
 */

const NAME_START = 1;
const NAME_CHAR = 2;
const LABEL_START = 4;
const LABEL_CHAR = 8;

/** Bit flags per ASCII code: which characters may start or continue metric and label names. */
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const alpha = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
  const digit = c >= 48 && c <= 57;
  if (alpha || c === 58) CLASS[c] |= NAME_START | NAME_CHAR;
  if (digit) CLASS[c] |= NAME_CHAR | LABEL_CHAR;
  if (alpha) CLASS[c] |= LABEL_START | LABEL_CHAR;
}

export const SPACE = 32;
export const TAB = 9;
export const QUOTE = 34;
export const BACKSLASH = 92;
export const HASH = 35;
export const LBRACE = 123;
export const RBRACE = 125;
export const COMMA = 44;
export const EQUALS = 61;

/** End of the metric name starting at `i` (`i` itself when there is none). */
export function scanMetricName(s: string, i: number, end: number): number {
  if (i >= end) return i;
  const c = s.charCodeAt(i);
  if (c >= 128 || (CLASS[c] & NAME_START) === 0) return i;
  let j = i + 1;
  while (j < end) {
    const d = s.charCodeAt(j);
    if (d >= 128 || (CLASS[d] & NAME_CHAR) === 0) break;
    j++;
  }
  return j;
}

/** End of the label name starting at `i` (`i` itself when there is none). */
export function scanLabelName(s: string, i: number, end: number): number {
  if (i >= end) return i;
  const c = s.charCodeAt(i);
  if (c >= 128 || (CLASS[c] & LABEL_START) === 0) return i;
  let j = i + 1;
  while (j < end) {
    const d = s.charCodeAt(j);
    if (d >= 128 || (CLASS[d] & LABEL_CHAR) === 0) break;
    j++;
  }
  return j;
}

/** Whether `c` may continue a metric name (false for NaN, past the end of the string). */
export function isNameChar(c: number): boolean {
  return c < 128 && (CLASS[c]! & NAME_CHAR) !== 0;
}

/** Whether `c` may continue a label name. */
export function isLabelChar(c: number): boolean {
  return c < 128 && (CLASS[c]! & LABEL_CHAR) !== 0;
}

/** Skips spaces and tabs (the text format allows runs of either between tokens). */
export function skipBlanks(s: string, i: number, end: number): number {
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c !== SPACE && c !== TAB) break;
    i++;
  }
  return i;
}

/** End of a token: the next space or tab, or `end`. */
export function scanToken(s: string, i: number, end: number): number {
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c === SPACE || c === TAB) break;
    i++;
  }
  return i;
}

function matchesIgnoreCase(s: string, i: number, end: number, word: string): boolean {
  if (end - i !== word.length) return false;
  for (let k = 0; k < word.length; k++) {
    if ((s.charCodeAt(i + k) | 0x20) !== word.charCodeAt(k)) return false;
  }
  return true;
}

/**
 * The float in `s[i, end)`, or `null` when it is not one. The grammar is Go's
 * `strconv.ParseFloat` in decimal (what Prometheus uses): optional sign, digits with an
 * optional fraction, an optional exponent; `Inf`/`Infinity` with an optional sign and an
 * unsigned `NaN`, in any case. No hex, no underscores, no empty string.
 */
export function parseFloatToken(s: string, i: number, end: number): number | null {
  if (i >= end) return null;
  let p = i;
  let c = s.charCodeAt(p);
  let negative = false;
  if (c === 43 || c === 45) {
    negative = c === 45;
    if (++p >= end) return null;
    c = s.charCodeAt(p);
  }
  if (c === 73 || c === 105) {
    if (matchesIgnoreCase(s, p, end, 'inf') || matchesIgnoreCase(s, p, end, 'infinity')) return negative ? -Infinity : Infinity;
    return null;
  }
  if (c === 78 || c === 110) return p === i && matchesIgnoreCase(s, p, end, 'nan') ? NaN : null;
  let whole = 0;
  let q = p;
  while (q < end && (c = s.charCodeAt(q)) >= 48 && c <= 57) {
    whole = whole * 10 + (c - 48);
    q++;
  }
  const intDigits = q - p;
  // Fast path: a plain integer that a double holds exactly.
  if (q === end) {
    if (intDigits === 0) return null;
    if (intDigits <= 15) return negative ? -whole : whole;
    const big = parseFloat(s.slice(i, end));
    return Number.isFinite(big) ? big : null;
  }
  let fracDigits = 0;
  if (c === 46) {
    q++;
    while (q < end && (c = s.charCodeAt(q)) >= 48 && c <= 57) {
      whole = whole * 10 + (c - 48);
      q++;
      fracDigits++;
    }
  }
  if (intDigits + fracDigits === 0) return null;
  // Fast path: up to 15 digits and no exponent. Digits and power of ten are exact doubles,
  // and one IEEE division rounds correctly, so this is what parseFloat returns (Clinger).
  if (q === end && intDigits + fracDigits <= 15) return negative ? -(whole / POW10[fracDigits]!) : whole / POW10[fracDigits]!;
  if (q < end && ((c = s.charCodeAt(q)) === 101 || c === 69)) {
    q++;
    if (q < end && ((c = s.charCodeAt(q)) === 43 || c === 45)) q++;
    const expStart = q;
    while (q < end && (c = s.charCodeAt(q)) >= 48 && c <= 57) q++;
    if (q === expStart) return null;
  }
  if (q !== end) return null;
  // The syntax is checked above, so parseFloat cannot see anything it would misread.
  const value = parseFloat(s.slice(i, end));
  // Go's ParseFloat rejects a literal that overflows (1e9999) with ErrRange; Prometheus too.
  return Number.isFinite(value) ? value : null;
}

/** Exact powers of ten for the decimal fast paths. */
export const POW10 = Array.from({ length: 16 }, (_, k) => 10 ** k);

/**
 * Names repeated from line to line are compared with a copy of their char codes: reading a
 * typed array is cheaper than a second `charCodeAt` on the body, and a slice of the body is
 * slower still (a sliced string, read through its parent). Names longer than a slot are
 * compared with their earlier occurrence in the body instead.
 */
export class RecentNames {
  readonly codes: Uint16Array;
  /** Where in the body each slot's name was read. */
  readonly at: Int32Array;

  constructor(readonly slots: number, readonly width: number) {
    this.codes = new Uint16Array(slots * width);
    this.at = new Int32Array(slots);
  }

  /** Records that slot `k` now holds `s[i, i + n)`. */
  remember(k: number, s: string, i: number, n: number): void {
    this.at[k] = i;
    if (n > this.width) return;
    const from = k * this.width;
    for (let q = 0; q < n; q++) this.codes[from + q] = s.charCodeAt(i + q);
  }

  /** Whether `s[i, i + n)` repeats slot `k`'s name (of length `n`). */
  repeated(k: number, s: string, i: number, n: number): boolean {
    if (n > this.width) {
      const j = this.at[k]!;
      for (let q = 0; q < n; q++) if (s.charCodeAt(i + q) !== s.charCodeAt(j + q)) return false;
      return true;
    }
    const codes = this.codes;
    const from = k * this.width;
    for (let q = 0; q < n; q++) if (s.charCodeAt(i + q) !== codes[from + q]) return false;
    return true;
  }
}

const INT64_MAX = '9223372036854775807';
const INT64_MIN_ABS = '9223372036854775808';

/**
 * An integer timestamp (text format: milliseconds, optional sign) within int64, as Go's
 * ParseInt takes it, or `null`. Beyond 2^53 the number returned is the nearest double.
 */
export function parseIntToken(s: string, i: number, end: number): number | null {
  let p = i;
  const negative = p < end && s.charCodeAt(p) === 45;
  if (p < end && (negative || s.charCodeAt(p) === 43)) p++;
  if (p >= end) return null;
  let value = 0;
  let first = -1; // first significant digit, for the int64 range check
  for (let q = p; q < end; q++) {
    const c = s.charCodeAt(q);
    if (c < 48 || c > 57) return null;
    if (first < 0 && c !== 48) first = q;
    value = value * 10 + (c - 48);
  }
  if (first >= 0 && end - first >= 19) {
    const digits = s.slice(first, end);
    const limit = negative ? INT64_MIN_ABS : INT64_MAX;
    if (digits.length > 19 || digits > limit) return null;
  }
  // Digit by digit is exact up to 15 digits; beyond, let parseFloat round correctly.
  if (first >= 0 && end - first > 15) return parseFloat(s.slice(i, end));
  return negative ? -value : value;
}

/**
 * Unescapes `s[i, end)` where backslashes are known to occur. `quoteEscape` allows `\"`
 * (label values, OpenMetrics HELP); only `\\` and `\n` otherwise. Returns the text, or an
 * error message naming the bad sequence.
 */
export function unescape(s: string, i: number, end: number, quoteEscape: boolean): { text: string } | { error: string } {
  let out = '';
  let from = i;
  for (let q = i; q < end; q++) {
    if (s.charCodeAt(q) !== BACKSLASH) continue;
    const next = s.charCodeAt(q + 1);
    let replacement: string;
    if (next === BACKSLASH) replacement = '\\';
    else if (next === 110) replacement = '\n';
    else if (next === QUOTE && quoteEscape) replacement = '"';
    else return { error: `invalid escape sequence '\\${q + 1 < end ? s[q + 1] : ''}'` };
    out += s.slice(from, q) + replacement;
    q++;
    from = q + 1;
  }
  return { text: out + s.slice(from, end) };
}
