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
 * "listening on port=8080 host=x" stays plain text. Scans with `indexOf`, which is
 * native and several times faster than a loop over char codes.
 */
export function parseLogfmt(text: string): Record<string, string> | null {
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
    const key = text.slice(i, eq);
    if (key.indexOf('"') !== -1) return null;
    let value: string;
    if (text.charCodeAt(eq + 1) === QUOTE) {
      const read = readQuoted(text, eq + 2);
      if (read === null) return null;
      value = read.value;
      i = read.end;
    } else {
      value = text.slice(eq + 1, sp);
      i = sp;
    }
    out[key] = value;
    pairs++;
  }
  return pairs >= 2 && bare * 2 <= pairs ? out : null;
}

/** Reads a quoted value from just after its opening quote; `null` when never closed. */
function readQuoted(text: string, start: number): { value: string; end: number } | null {
  let from = start;
  for (;;) {
    const q = text.indexOf('"', from);
    if (q === -1) return null;
    let slashes = 0;
    while (text.charCodeAt(q - 1 - slashes) === BACKSLASH) slashes++;
    if (slashes % 2 === 0) {
      const raw = text.slice(start, q);
      return { value: raw.indexOf('\\') === -1 ? raw : unescape(raw), end: q + 1 };
    }
    from = q + 1;
  }
}

function unescape(raw: string): string {
  return raw.replace(/\\(.)/g, (_m, ch: string) => (ch === 'n' ? '\n' : ch === 't' ? '\t' : ch));
}
