/**
 * The per-workload series of `/metrics` (scores, verdicts, probe and check outcomes),
 * written as exposition text once per workload when its result arrives, and joined per
 * family at scrape time. At 1,000 workloads these are tens of thousands of series: built
 * through prom-client on every scrape they held the event loop for a long time, while
 * joining ready-made lines takes a few milliseconds. Names and help text are those of
 * DESIGN.md; label values are the configured workloads, probes and checks, and for a cluster's
 * workloads their namespace, kind and team (distroready_workload_info).
 */
import { VERDICTS, type CompactResult } from '../model';

interface Family {
  name: string;
  help: string;
  /** Left out, HELP and TYPE too, while no workload has a line of it (only cluster workloads do). */
  optional?: true;
}

const FAMILIES = {
  info: {
    name: 'distroready_workload_info',
    help: 'Where a workload discovered in a cluster lives (always 1): join on workload to group by namespace, kind or team.',
    optional: true,
  },
  score: { name: 'distroready_workload_score', help: 'Readiness score of the workload for a distroless image, 0 to 100.' },
  ready: { name: 'distroready_workload_ready', help: 'Whether the workload is ready for a distroless image (1) or not (0).' },
  verdict: { name: 'distroready_workload_verdict', help: `The workload's verdict: 1 for the current one of ${VERDICTS.join(', ')}, 0 for the others.` },
  blockers: { name: 'distroready_workload_blockers', help: 'Failed critical checks that block the migration.' },
  probePassed: {
    name: 'distroready_probe_passed',
    help: 'Whether all evaluated checks of a probe passed (1) or not (0); absent when none could be evaluated, or the probe errored or was skipped.',
  },
  checkPassed: { name: 'distroready_check_passed', help: 'Whether a check passed (1) or failed (0); absent when it could not be judged or was suppressed.' },
} satisfies Record<string, Family>;

type FamilyKey = keyof typeof FAMILIES;
const KEYS = Object.keys(FAMILIES) as FamilyKey[];

/** Label values escaped as the text format wants: backslash, double quote and line feed. */
export function labelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** One workload's lines, per family (each line ends with a newline). */
function linesOf(r: CompactResult): Record<FamilyKey, string> {
  const w = `workload="${labelValue(r.name)}"`;
  let probePassed = '';
  for (const [probe, p] of Object.entries(r.probes)) {
    if (p.status === 'pass' || p.status === 'warn' || p.status === 'fail') probePassed += `${FAMILIES.probePassed.name}{${w},probe="${labelValue(probe)}"} ${p.status === 'pass' ? 1 : 0}\n`;
  }
  let checkPassed = '';
  for (const c of r.checks) {
    if (c.status !== 'pass' && c.status !== 'fail') continue;
    checkPassed += `${FAMILIES.checkPassed.name}{${w},check="${labelValue(c.id)}",probe="${labelValue(c.probe)}",severity="${c.severity}"} ${c.status === 'pass' ? 1 : 0}\n`;
  }
  const c = r.cluster;
  return {
    info: c ? `${FAMILIES.info.name}{${w},namespace="${labelValue(c.namespace)}",kind="${labelValue(c.kind)}",team="${labelValue(c.team ?? '')}"} 1\n` : '',
    score: r.score === null ? '' : `${FAMILIES.score.name}{${w}} ${r.score}\n`,
    ready: `${FAMILIES.ready.name}{${w}} ${r.verdict === 'ready' ? 1 : 0}\n`,
    verdict: VERDICTS.map((v) => `${FAMILIES.verdict.name}{${w},verdict="${v}"} ${r.verdict === v ? 1 : 0}\n`).join(''),
    blockers: `${FAMILIES.blockers.name}{${w}} ${r.blockers.length}\n`,
    probePassed,
    checkPassed,
  };
}

export class ResultSeries {
  private readonly byWorkload = new Map<string, Record<FamilyKey, string>>();
  private cached: string | null = null;

  /** Sets (or replaces) one workload's series. */
  set(r: CompactResult): void {
    this.byWorkload.set(r.name, linesOf(r));
    this.cached = null;
  }

  /** Drops the series of workloads not named (removed from the config or the cluster); answers how many are left. */
  retain(names: Iterable<string>): number {
    const keep = names instanceof Set ? (names as ReadonlySet<string>) : new Set(names);
    for (const name of this.byWorkload.keys()) {
      if (!keep.has(name)) {
        this.byWorkload.delete(name);
        this.cached = null;
      }
    }
    return this.byWorkload.size;
  }

  clear(): void {
    this.byWorkload.clear();
    this.cached = null;
  }

  /** The exposition text of every family, HELP and TYPE first; joined once per change. */
  text(): string {
    if (this.cached !== null) return this.cached;
    const parts: string[] = [];
    for (const key of KEYS) {
      const f: Family = FAMILIES[key];
      const at = parts.push(`# HELP ${f.name} ${f.help}\n# TYPE ${f.name} gauge\n`);
      let any = false;
      for (const lines of this.byWorkload.values()) {
        parts.push(lines[key]);
        any ||= lines[key] !== '';
      }
      if (f.optional && !any) parts.length = at - 1;
    }
    this.cached = parts.join('');
    return this.cached;
  }
}
