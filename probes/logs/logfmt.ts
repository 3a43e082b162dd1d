/**
 * A small logfmt reader (`level=info msg="request served" status=200`), as written by
 * logrus, go-kit, slog's TextHandler and Heroku. Hand-written, one pass, no regex: it runs
 * on every non-JSON line.
 */

const SPACE = 32;
const QUOTE = 34;
const BACKSLASH = 92;

function isKeyStart(c: number): boolean {
  // A-Z a-z _ @ (ECS-style `@timestamp`)
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 64;
}

/**
 * Where the pairs of a line go. `slot` says whether a key is wanted (its slot, or -1) from
 * its position in the line, so unwanted keys are never sliced out: slicing and hashing a
 * fresh string per pair costs more than the rest of the parse.
 */
export interface PairSink {
  slot(text: string, start: number, end: number): number;
  /**
   * The value of a wanted key is `text[start, end)`; `quoted` when it stood in quotes (and
   * may hold escapes, see `unquote`). The sink slices only what it needs.
   */
  value(slot: number, text: string, start: number, end: number, quoted: boolean): void;
}

/** A fixed list of keys, found in place; a key's slot is its index in the list. */
export class KeySet {
  /** Slots of the keys of each length; an array, as a Map lookup per pair costs more. */
  private readonly byLength: number[][] = [];

  constructor(readonly keys: readonly string[]) {
    const longest = Math.max(...keys.map((k) => k.length));
    for (let len = 0; len <= longest; len++) this.byLength.push([]);
    keys.forEach((k, i) => this.byLength[k.length]!.push(i));
  }

  /** The index of the key equal to `text[start, end)`, or -1. */
  find(text: string, start: number, end: number): number {
    const len = end - start;
    if (len >= this.byLength.length) return -1;
    const candidates = this.byLength[len]!;
    for (let j = 0; j < candidates.length; j++) {
      const i = candidates[j]!;
      if (text.startsWith(this.keys[i]!, start)) return i;
    }
    return -1;
  }
}

/** Cheap test a plain sentence fails at once: the first token must be `key=`. */
export function mayBeLogfmt(text: string): boolean {
  if (!isKeyStart(text.charCodeAt(0))) return false;
  const eq = text.indexOf('=');
  if (eq <= 0) return false;
  const sp = text.indexOf(' ');
  return sp === -1 || sp > eq;
}

/**
 * Reads a logfmt line into `sink`; false when it is not one: logfmt needs at least two
 * `key=value` pairs, and bare words (keys without a value) no more than half the pairs, so
 * that "listening on port=8080 host=x" stays plain text. Scans with `indexOf`, which is
 * native and several times faster than a loop over char codes.
 */
export function scanLogfmt(text: string, sink: PairSink): boolean {
  const n = text.length;
  let i = 0;
  let pairs = 0;
  let bare = 0;
  while (i < n) {
    if (text.charCodeAt(i) === SPACE) {
      i++;
      continue;
    }
    const eq = text.indexOf('=', i);
    let sp = text.indexOf(' ', i);
    if (sp === -1) sp = n;
    if (eq === -1 || eq > sp) {
      bare++;
      i = sp;
      continue;
    }
    if (eq === i) return false;
    const slot = sink.slot(text, i, eq);
    if (text.charCodeAt(eq + 1) === QUOTE) {
      const end = closingQuote(text, eq + 2);
      if (end === -1) return false;
      if (slot !== -1) sink.value(slot, text, eq + 2, end, true);
      i = end + 1;
    } else {
      if (slot !== -1) sink.value(slot, text, eq + 1, sp, false);
      i = sp;
    }
    pairs++;
  }
  return pairs >= 2 && bare * 2 <= pairs;
}

/** Every pair of a logfmt line as an object, or `null` when it is not logfmt. */
export function parseLogfmt(text: string): Record<string, string> | null {
  const keys: string[] = [];
  const out: Record<string, string> = {};
  const sink: PairSink = {
    slot: (t, start, end) => keys.push(t.slice(start, end)) - 1,
    value: (slot, t, start, end, quoted) => {
      out[keys[slot]!] = quoted ? unquote(t.slice(start, end)) : t.slice(start, end);
    },
  };
  return scanLogfmt(text, sink) ? out : null;
}

/** Index of the quote closing a value that starts at `start`; -1 when never closed. */
function closingQuote(text: string, start: number): number {
  let from = start;
  for (;;) {
    const q = text.indexOf('"', from);
    if (q === -1) return -1;
    let slashes = 0;
    while (text.charCodeAt(q - 1 - slashes) === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return q;
    from = q + 1;
  }
}

/** A quoted value without its escapes. */
export function unquote(raw: string): string {
  return raw.indexOf('\\') === -1 ? raw : unescape(raw);
}

function unescape(raw: string): string {
  return raw.replace(/\\(.)/g, (_m, ch: string) => (ch === 'n' ? '\n' : ch === 't' ? '\t' : ch));
}
