/**
 * Classifies one log line: JSON object, logfmt, plain text, a likely continuation of a
 * multi-line stack trace, or empty; and reads the well-known fields of structured lines.
 *
 * This is the hot path (every captured line goes through it), so it looks at the first
 * character before calling `JSON.parse`: a parse that throws costs several times a
 * successful one, and most non-JSON lines never start with `{`.
 */
import { stripVTControlCharacters } from 'node:util';
import { fieldsOf, type LineFields } from './fields';
import { mayBeLogfmt } from './logfmt';
import { logfmtFields } from './logfmt-fields';

export type LineFormat = 'json' | 'logfmt' | 'plain' | 'continuation' | 'empty';

export interface ClassifiedLine {
  /**
   * `continuation` means the line *looks like* the continuation of the previous one
   * (indented, `Caused by:`, `... 12 more`); the caller decides from context.
   */
  format: LineFormat;
  /** The line held ANSI escape sequences (terminal colours); classified without them. */
  ansi: boolean;
  /** An indented stack frame: `    at Foo.bar(Foo.java:10)`, `  File "x.py", line 3`. */
  frame: boolean;
  /** Fields of a JSON or logfmt line; `null` for other formats. */
  fields: LineFields | null;
}

const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const ESC = '\u001b';
const FRAME_RE = /^\s+(?:at\s|File "|\S+\.go:\d+)/;

/** The text with ANSI escape sequences (colours, cursor moves, OSC titles) removed, as Node's own util does it. */
export function stripAnsi(text: string): string {
  return stripVTControlCharacters(text);
}

function parseJsonObject(text: string): Record<string, unknown> | null {
  let end = text.length - 1;
  while (end > 0 && text.charCodeAt(end) <= 32) end--;
  if (text.charCodeAt(end) !== CLOSE_BRACE) return null;
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function looksLikeContinuation(text: string, first: number): boolean {
  if (first === 32 || first === 9) return true;
  if (first === 67 /* C */) return text.startsWith('Caused by: ');
  if (first === 46 /* . */) return text.startsWith('... ');
  return false;
}

/** Classifies one line (without its newline). */
export function classifyLine(raw: string): ClassifiedLine {
  const ansi = raw.indexOf(ESC) !== -1;
  const text = ansi ? stripAnsi(raw) : raw;
  if (text.length === 0) return { format: 'empty', ansi, frame: false, fields: null };
  const first = text.charCodeAt(0);
  if (first === OPEN_BRACE) {
    const obj = parseJsonObject(text);
    if (obj) return { format: 'json', ansi, frame: false, fields: fieldsOf(obj) };
    return { format: 'plain', ansi, frame: false, fields: null };
  }
  if (looksLikeContinuation(text, first)) {
    if (text.trim().length === 0) return { format: 'empty', ansi, frame: false, fields: null };
    return { format: 'continuation', ansi, frame: FRAME_RE.test(text), fields: null };
  }
  if (mayBeLogfmt(text)) {
    const fields = logfmtFields(text);
    if (fields) return { format: 'logfmt', ansi, frame: false, fields };
  }
  return { format: 'plain', ansi, frame: false, fields: null };
}
