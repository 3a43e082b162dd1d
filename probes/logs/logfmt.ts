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
 * A set of keys found in place, without slicing the key out of the line: slicing and
 * hashing a fresh string per pair costs more than the rest of the parse.
 */
export class KeySet {
  private readonly byLength = new Map<number, string[]>();

  constructor(keys: Iterable<string>) {
    for (const k of keys) {
      const list = this.byLength.get(k.length) ?? [];
      list.push(k);
      this.byLength.set(k.length, list);
    }
  }

  /** The key equal to `text[start, end)`, or `null`. */
  find(text: string, start: number, end: number): string | null {
    const candidates = this.byLength.get(end - start);
    if (candidates === undefined) return null;
    for (const k of candidates) if (text.startsWith(k, start)) return k;
    return null;
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
 * The pairs of a logfmt line, or `null` when it is not one: at least two `key=value`
 * pairs, and bare words (keys without a value) no more than half the pairs, so that
 * "listening on port=8080 host=x" stays plain text. With `keep`, only those keys are
 * stored (the classifier wants a handful of well-known fields, not every pair). Scans with `indexOf`, which is
 * native and several times faster than a loop over char codes.
 */
export function parseLogfmt(text: string, keep?: KeySet): Record<string, string> | null {
  const out: Record<string, string> = {};
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
    if (eq === i) return null;
    const key = keep === undefined ? text.slice(i, eq) : keep.find(text, i, eq);
    if (text.charCodeAt(eq + 1) === QUOTE) {
      const end = closingQuote(text, eq + 2);
      if (end === -1) return null;
      if (key !== null) out[key] = unquote(text.slice(eq + 2, end));
      i = end + 1;
    } else {
      if (key !== null) out[key] = text.slice(eq + 1, sp);
      i = sp;
    }
    pairs++;
  }
  return pairs >= 2 && bare * 2 <= pairs ? out : null;
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

function unquote(raw: string): string {
  return raw.indexOf('\\') === -1 ? raw : unescape(raw);
}

function unescape(raw: string): string {
  return raw.replace(/\\(.)/g, (_m, ch: string) => (ch === 'n' ? '\n' : ch === 't' ? '\t' : ch));
}
