/**
 * Where log lines come from. Every source hands back the same thing (captured lines with
 * their stream), so the classifier and the checks never care whether the lines came from a
 * launched process, a file or `kubectl logs`; the Kubernetes pod-log API can join later as
 * one more implementation.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { CapturedLine } from '../../shared/line-buffer';

/** `kubernetes`: a container's log read through the pods/log API. */
export const SOURCE_KINDS = ['run', 'file', 'command', 'kubernetes'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** Bounds every source honours. */
export interface CollectOptions {
  /** How long to watch for new lines (file follow, command run time, run settle). */
  windowMs: number;
  /** Lines kept per source; older ones are dropped and counted. */
  maxLines: number;
  /** A longer line keeps its head and is marked truncated. */
  maxLineBytes: number;
  /** Bytes read per source in all; past it the source stops reading. */
  maxBytes: number;
  /** Lines read back from the end of a file before following it. */
  tailLines: number;
  /** Hard limit on a command's run time. */
  commandTimeoutMs: number;
  signal: AbortSignal;
}

export interface SourceLines {
  kind: SourceKind;
  /** For people: `stdout/stderr of pid 4242`, `file /var/log/app.log`, `command kubectl logs …`. */
  label: string;
  lines: CapturedLine[];
  /** Lines seen but not kept (buffer full, line cap). */
  dropped: number;
  /** Why the source yielded nothing usable (file missing, command not found); `null` when it worked. */
  error: string | null;
  /** What happened on the way: rotation, truncation, a command stopped at its time limit. */
  notes: string[];
}

/** One place lines come from. `collect` never throws: failures are `error` values. */
export interface LogSource {
  kind: SourceKind;
  label: string;
  collect(opts: CollectOptions): Promise<SourceLines>;
}

/** Resolves after `ms`, or at once when the signal aborts (a source stops; it never throws). */
export async function sleep(ms: number, signal: AbortSignal): Promise<void> {
  await delay(Math.max(0, ms), undefined, { signal }).catch(() => undefined);
}
