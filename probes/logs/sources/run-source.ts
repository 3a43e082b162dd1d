/**
 * Lines a `run` workload wrote to stdout and stderr, captured by the engine since launch
 * (stdout and stderr kept apart). The window lets lines caused by the other probes'
 * traffic, and by our own request, arrive before the snapshot.
 */
import type { RunningProcess } from '../../types';
import { sleep, type CollectOptions, type LogSource, type SourceLines } from './source';

export function runSource(proc: RunningProcess): LogSource {
  const label = `stdout/stderr of pid ${proc.pid}`;
  return {
    kind: 'run',
    label,
    async collect(opts: CollectOptions): Promise<SourceLines> {
      await sleep(opts.windowMs, opts.signal);
      const all = proc.output.snapshot();
      const kept = all.length > opts.maxLines ? all.slice(all.length - opts.maxLines) : all;
      const notes: string[] = [];
      const exit = proc.exit();
      if (exit) notes.push(`the process had exited (${exit.signal ?? `code ${exit.code}`}) when the logs were read`);
      return { kind: 'run', label, lines: kept, dropped: proc.output.dropped + (all.length - kept.length), error: null, notes };
    },
  };
}
