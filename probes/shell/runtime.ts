/**
 * The dynamic half of the shell probe: what a launched workload actually spawned. A
 * `sh`, `bash`, `curl`, `cat`… among its children would fail on a distroless image.
 */
import type { ProcessWatch } from '../types';
import { basename, SHELL_TOOLS, SHELLS, showArgv } from './commands';
import type { FindingGroup } from './findings';

export interface RuntimeFacts extends FindingGroup {
  samples: number;
  intervalMs: number;
  /** Every child seen, shell or not, for the report's evidence. */
  processes: string[];
}

function program(p: { comm: string; argv: string[] }): string {
  const fromArgv = basename(p.argv[0] ?? '');
  return SHELLS.has(fromArgv) || SHELL_TOOLS.has(fromArgv) ? fromArgv : p.comm;
}

/** `null` when there is no watch (not a `run` workload) or `/proc` is not there to read. */
export function runtimeFacts(watch: ProcessWatch | undefined, label: string): RuntimeFacts | null {
  if (!watch || !watch.supported || watch.samples() === 0) return null;
  const all = watch.spawned();
  const shellish = all.filter((p) => SHELLS.has(program(p)) || SHELL_TOOLS.has(program(p)));
  const describe = (p: (typeof all)[number]): string =>
    `${label}: spawned ${program(p)} (pid ${p.pid}, ${p.firstSeenMs} ms after start): ${showArgv(p.argv.length > 0 ? p.argv : [p.comm])}`;
  const dropped = watch.dropped();
  return {
    count: shellish.length,
    // Live findings have no file and line: they happened, they are not written anywhere.
    locations: [],
    evidence: shellish.slice(0, 50).map(describe),
    patch: null,
    suppressed: 0,
    suppressedEvidence: [],
    samples: watch.samples(),
    intervalMs: watch.intervalMs,
    processes: [...all.slice(0, 50).map(describe), ...(dropped > 0 ? [`${dropped} more process(es) not recorded`] : [])],
  };
}
