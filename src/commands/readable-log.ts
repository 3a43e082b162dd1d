/**
 * `check` is read by a person (or a CI log), not a log shipper: its warnings go to stderr
 * as one readable line each — `distroready: warning: workload not reached (workload
 * checkout, reason …)` — instead of pino's JSON, which `serve` keeps. A pino destination,
 * so the engine logs exactly as it does under `serve`.
 */
import type { DestinationStream } from 'pino';

/** Fields every line has, or that say nothing to a reader. */
const QUIET = new Set(['level', 'time', 'msg', 'name', 'pid', 'hostname', 'sweepId']);

/** Workload text may carry escapes: shown, never interpreted by the terminal. */
function terminalSafe(text: string): string {
  return text.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function fieldText(value: unknown): string {
  if (value && typeof value === 'object' && 'message' in value) return String((value as { message: unknown }).message);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** One pino JSON line as `distroready: LEVEL: msg (key value, …)`. */
export function readableLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return terminalSafe(json);
  }
  const level = String(entry.level ?? 'info');
  const fields = Object.entries(entry)
    .filter(([k]) => !QUIET.has(k))
    .map(([k, v]) => `${k} ${fieldText(v)}`);
  const label = level === 'warn' ? 'warning' : level;
  return terminalSafe(`distroready: ${label}: ${String(entry.msg ?? '')}${fields.length ? ` (${fields.join(', ')})` : ''}`);
}

export interface LineSink {
  /** Writes a whole line (no trailing newline) where the reader sees it. */
  line(text: string): void;
}

/** A pino destination writing each record as a readable line to `sink`. */
export function readableLog(sink: LineSink): DestinationStream {
  return {
    write(chunk: string) {
      for (const json of chunk.split('\n')) if (json.trim()) sink.line(readableLine(json));
    },
  };
}
