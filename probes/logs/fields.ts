/**
 * Which well-known fields a structured line carries: time, level, message, trace and span
 * ids, and an error stack kept inside the structure. Aliases follow the common loggers:
 * pino/bunyan (`time`, numeric `level`, `msg`), ECS (`@timestamp`, `log.level`,
 * `message`), logrus/zap/slog (`ts`, `level`, `msg`), Datadog (`dd.trace_id`).
 */

/** What one structured line says about itself. Keys are the alias found, or `null`. */
export interface LineFields {
  timeKey: string | null;
  /** The time value parses as a date (epoch number or a date string). */
  timeOk: boolean;
  levelKey: string | null;
  /** The level is a known name (pino, syslog, log4j) or a pino/syslog number. */
  levelOk: boolean;
  msgKey: string | null;
  /** Lower-cased trace id, when a trace id field holds a string or number. */
  traceId: string | null;
  spanId: string | null;
  /** An error stack (multi-line string) sits inside a field. */
  stackInside: boolean;
}

type Obj = Record<string, unknown>;

/** Aliases in order of preference, shared with the logfmt reader. */
export const TIME_KEYS = ['time', '@timestamp', 'timestamp', 'ts', 't'] as const;
export const LEVEL_KEYS = ['level', 'log.level', 'lvl', 'severity'] as const;
export const MSG_KEYS = ['msg', 'message', 'event'] as const;
export const TRACE_KEYS = ['trace_id', 'traceId', 'trace.id', 'dd.trace_id'] as const;
export const SPAN_KEYS = ['span_id', 'spanId', 'span.id', 'dd.span_id'] as const;
export const STACK_KEYS = ['err', 'error', 'stack', 'error.stack_trace', 'exception'] as const;

const LEVEL_NAMES = new Set([
  'trace', 'debug', 'info', 'information', 'notice', 'warn', 'warning', 'error', 'err', 'fatal',
  'critical', 'crit', 'alert', 'emerg', 'emergency', 'panic', 'verbose', 'severe', 'fine', 'finer', 'finest', 'config', 'dpanic',
]);

function nested(o: Obj, parent: string, key: string): unknown {
  const p = o[parent];
  return p !== null && typeof p === 'object' ? (p as Obj)[key] : undefined;
}

/** True when a time value can be read as a point in time. */
export function timeParses(v: unknown): boolean {
  if (typeof v === 'number') return Number.isFinite(v) && v > 0;
  if (typeof v !== 'string' || v.length < 6 || v.length > 64) return false;
  if (looksIso(v)) return true;
  const c = v.charCodeAt(0);
  // Numeric strings: epoch seconds, milliseconds or nanoseconds (zap, slog with custom encoders).
  if (c >= 48 && c <= 57 && /^\d+(\.\d+)?$/.test(v)) return Number(v) > 0;
  return !Number.isNaN(Date.parse(v));
}

function digit(v: string, i: number): boolean {
  const c = v.charCodeAt(i);
  return c >= 48 && c <= 57;
}

/**
 * `2026-11-29T22:25:52…` (or with a space) starting at `at`: ISO 8601 / RFC 3339, without
 * Date.parse's cost, and without slicing the value out of a logfmt line.
 */
export function looksIso(v: string, at = 0, end = v.length): boolean {
  const sep = v.charCodeAt(at + 10);
  return (
    end - at >= 19 && v.charCodeAt(at + 4) === 45 && v.charCodeAt(at + 7) === 45 && (sep === 84 || sep === 32) && v.charCodeAt(at + 13) === 58 &&
    digit(v, at) && digit(v, at + 3) && digit(v, at + 5) && digit(v, at + 6) && digit(v, at + 8) && digit(v, at + 9) &&
    digit(v, at + 11) && digit(v, at + 12) && digit(v, at + 14) && digit(v, at + 15)
  );
}

export function levelValid(v: unknown): boolean {
  // pino 10..60, syslog 0..7, OTel severity numbers 1..24: any small non-negative integer.
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 && v <= 100;
  return typeof v === 'string' && v.length <= 16 && LEVEL_NAMES.has(v.toLowerCase());
}

export function idOf(v: unknown): string | null {
  if (typeof v === 'string') return v.length > 0 && v.length <= 64 ? v.toLowerCase() : null;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

function isStack(v: unknown): boolean {
  if (typeof v === 'string') return v.indexOf('\n') !== -1;
  if (v === null || typeof v !== 'object') return false;
  const o = v as Obj;
  return isStack(o.stack) || isStack(o.stack_trace);
}

/** Reads the well-known fields of a parsed JSON object or logfmt pairs. */
export function fieldsOf(o: Obj): LineFields {
  let timeKey: string | null = null;
  let t: unknown;
  if ((t = o.time) !== undefined) timeKey = 'time';
  else if ((t = o['@timestamp']) !== undefined) timeKey = '@timestamp';
  else if ((t = o.timestamp) !== undefined) timeKey = 'timestamp';
  else if ((t = o.ts) !== undefined) timeKey = 'ts';
  else if ((t = o.t) !== undefined) timeKey = 't';

  let levelKey: string | null = null;
  let l: unknown;
  if ((l = o.level) !== undefined) levelKey = 'level';
  else if ((l = o['log.level']) !== undefined) levelKey = 'log.level';
  else if ((l = nested(o, 'log', 'level')) !== undefined) levelKey = 'log.level';
  else if ((l = o.lvl) !== undefined) levelKey = 'lvl';
  else if ((l = o.severity) !== undefined) levelKey = 'severity';

  let msgKey: string | null = null;
  if (typeof o.msg === 'string') msgKey = 'msg';
  else if (typeof o.message === 'string') msgKey = 'message';
  else if (typeof o.event === 'string') msgKey = 'event';

  return {
    timeKey,
    timeOk: timeKey !== null && timeParses(t),
    levelKey,
    levelOk: levelKey !== null && levelValid(l),
    msgKey,
    traceId: idOf(o.trace_id ?? o.traceId ?? o['trace.id'] ?? nested(o, 'trace', 'id') ?? o['dd.trace_id'] ?? nested(o, 'dd', 'trace_id')),
    spanId: idOf(o.span_id ?? o.spanId ?? o['span.id'] ?? nested(o, 'span', 'id') ?? o['dd.span_id'] ?? nested(o, 'dd', 'span_id')),
    stackInside:
      (o.err !== undefined && isStack(o.err)) ||
      (o.error !== undefined && isStack(o.error)) ||
      (o.stack !== undefined && isStack(o.stack)) ||
      (o['error.stack_trace'] !== undefined && isStack(o['error.stack_trace'])) ||
      (o.exception !== undefined && isStack(o.exception)),
  };
}
