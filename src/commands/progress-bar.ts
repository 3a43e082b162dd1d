/**
 * A one-line progress bar for `distroready check` on stderr. Only where someone watches
 * (stderr is a terminal) and only when a sweep is long enough to wonder about (more than
 * a handful of workloads); stdout stays the report's alone, and logs or CI output never
 * fill up with carriage returns.
 */
import type { CompactResult } from '../model';

export const PROGRESS_MIN_WORKLOADS = 6;

export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(chunk: string): boolean;
}

export interface Progress {
  /** Called once per finished workload. */
  tick(result: CompactResult): void;
  /** Writes a line of its own (a warning) above the bar, which is redrawn under it. */
  line(text: string): void;
  /** Clears the line, so the report or a message starts on a clean one. */
  done(): void;
}

export function createProgress(total: number, stream: ProgressStream): Progress {
  if (!stream.isTTY || total < PROGRESS_MIN_WORKLOADS) return { tick: () => {}, line: (text) => void stream.write(`${text}\n`), done: () => {} };
  let finished = 0;
  let last = 'probing…';
  const width = 24;
  const draw = (label: string): void => {
    last = label;
    const filled = Math.round((finished / total) * width);
    const line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${finished}/${total} ${label}`;
    // Keep to one terminal line, or \r would not return to its start.
    // Some terminals (and `script`) report 0 columns: take 80 then.
    const max = Math.max(20, (stream.columns || 80) - 1);
    stream.write(`\r\x1b[2K${line.slice(0, max)}`);
  };
  draw('probing…');
  return {
    line(text) {
      stream.write(`\r\x1b[2K${text}\n`);
      draw(last);
    },
    tick(result) {
      finished += 1;
      // Workload names are operator config, but strip control characters all the same.
      draw(`${result.name.replace(/[\u0000-\u001f\u007f]/g, '')}: ${result.verdict}`);
    },
    done() {
      stream.write('\r\x1b[2K');
    },
  };
}
