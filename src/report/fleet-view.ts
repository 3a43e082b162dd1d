/**
 * The fleet overview every output opens with — counts by verdict, the checks that fail
 * most across the fleet, readiness per group, the migration waves — derived once here from
 * workload summaries, so the dashboard, the HTML and the Markdown report cannot disagree.
 */
import type { ProbeId } from '../../probes/types';
import { VERDICTS, type ReportSummary, type Severity, type Verdict } from '../model';
import { scoreDistribution, SEVERITY_ORDER, type ScoreBucket, type WaveNumber } from './report-view';
import type { FailedCheck, WorkloadSummary } from './workload-summary';

/** Code-point order, not the locale's: the same on every machine. */
export function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface TopCheck {
  id: string;
  probe: ProbeId;
  severity: Severity;
  /** Workloads where it failed. */
  failing: number;
  /** Workloads it keeps from moving: a failed critical check is a blocker. */
  blocking: number;
  /** The fix, in words a person can act on. */
  remediation: string;
}

export interface GroupReadiness {
  /** `null`: the workloads with no group. */
  group: string | null;
  total: number;
  counts: Record<Verdict, number>;
}

export interface WaveMember {
  name: string;
  score: number | null;
  verdict: Verdict;
  /** Wave 1–2: failed checks still worth fixing; wave 3: the blockers, else the important failures. */
  checks: FailedCheck[];
  /** Why, when no failed check explains it (a low score; the input a verdict is missing). */
  reason?: string;
}

export interface WaveView {
  wave: WaveNumber;
  title: string;
  advice: string;
  /** The heading of what each member lists. */
  column: string;
  /** The verdict that puts a workload in this wave: a filtered list shows all its members. */
  verdict: Verdict;
  total: number;
  /** The first members, best score first; all of them when the view was asked for all. */
  members: WaveMember[];
}

export interface FleetOverview {
  summary: ReportSummary;
  /** "namespace", "team", …: what a group is. */
  groupLabel: string;
  /** The most failed checks, those that block most first. */
  topChecks: TopCheck[];
  /** How many distinct checks failed somewhere (the top list may show fewer). */
  failingChecks: number;
  groups: GroupReadiness[];
  /** How many groups there are (the list may show fewer). */
  groupCount: number;
  waves: WaveView[];
  /** Workloads per score bucket, per verdict. */
  distribution: ScoreBucket[];
}

export interface OverviewOptions {
  groupLabel: string;
  /** The fix for a check id (from the results or the check catalog). */
  remediation(id: string): string;
  /** Default: all. */
  topChecks?: number;
  waveMembers?: number;
  groups?: number;
}

const WAVE_TEXT: Record<WaveNumber, { title: string; advice: string; column: string; verdict: Verdict }> = {
  1: { title: 'Wave 1 — ready now', advice: 'Move these first: start with the least critical, most stable services.', column: 'Still to polish', verdict: 'ready' },
  2: { title: 'Wave 2 — minor fixes', advice: 'Caveats: fix the listed checks, then move.', column: 'To fix', verdict: 'caveats' },
  3: { title: 'Wave 3 — not ready', advice: 'A blocker (a critical check, marked) or too many missing signals: fix these before moving.', column: 'Blocked by', verdict: 'not-ready' },
  4: { title: 'Needs input — not judged yet', advice: 'Give distroready what it could not see, then probe again.', column: 'What it needs', verdict: 'incomplete' },
};

export function verdictCounts(rows: readonly Pick<WorkloadSummary, 'verdict'>[]): ReportSummary {
  const n = zeroCounts();
  for (const r of rows) n[r.verdict] += 1;
  return { workloads: rows.length, ready: n.ready, caveats: n.caveats, notReady: n['not-ready'], incomplete: n.incomplete };
}

function zeroCounts(): Record<Verdict, number> {
  return Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
}

function member(r: WorkloadSummary): WaveMember {
  const base = { name: r.name, score: r.score, verdict: r.verdict };
  if (r.wave === 4) return { ...base, checks: [], reason: r.needs.join('; ') || 'nothing could be judged' };
  if (r.wave !== 3) return { ...base, checks: r.failed };
  const blocking = r.failed.filter((c) => c.severity === 'critical');
  if (blocking.length > 0) return { ...base, checks: blocking };
  return { ...base, checks: r.failed.filter((c) => c.severity === 'important'), reason: `score ${r.score ?? '—'} is below the not-ready threshold` };
}

/** The waves, each best score first, then by name. */
export function waves(rows: readonly WorkloadSummary[], limit = Infinity): WaveView[] {
  const byScore = [...rows].sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || byText(a.name, b.name));
  return ([1, 2, 3, 4] as const).map((wave) => {
    const all = byScore.filter((r) => r.wave === wave);
    return { wave, ...WAVE_TEXT[wave], total: all.length, members: all.slice(0, limit).map(member) };
  });
}

/** Every check that failed somewhere, the ones that block most workloads first. */
export function failingChecks(rows: readonly WorkloadSummary[], remediation: (id: string) => string): TopCheck[] {
  const byId = new Map<string, TopCheck>();
  for (const r of rows) {
    for (const c of r.failed) {
      const top = byId.get(c.id) ?? { id: c.id, probe: c.probe, severity: c.severity, failing: 0, blocking: 0, remediation: '' };
      top.failing += 1;
      if (c.severity === 'critical') top.blocking += 1;
      byId.set(c.id, top);
    }
  }
  const all = [...byId.values()].map((t) => ({ ...t, remediation: remediation(t.id) }));
  return all.sort((a, b) => b.blocking - a.blocking || b.failing - a.failing || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || byText(a.id, b.id));
}

/** Readiness per group, by name; the workloads with no group last. */
export function groupReadiness(rows: readonly WorkloadSummary[]): GroupReadiness[] {
  const byGroup = new Map<string | null, GroupReadiness>();
  for (const r of rows) {
    const g = byGroup.get(r.group) ?? { group: r.group, total: 0, counts: zeroCounts() };
    g.total += 1;
    g.counts[r.verdict] += 1;
    byGroup.set(r.group, g);
  }
  return [...byGroup.values()].sort((a, b) => (a.group === null ? 1 : b.group === null ? -1 : byText(a.group, b.group)));
}

export function fleetOverview(rows: readonly WorkloadSummary[], o: OverviewOptions): FleetOverview {
  const checks = failingChecks(rows, o.remediation);
  const groups = groupReadiness(rows);
  return {
    summary: verdictCounts(rows),
    groupLabel: o.groupLabel,
    topChecks: checks.slice(0, o.topChecks ?? Infinity),
    failingChecks: checks.length,
    groups: groups.slice(0, o.groups ?? Infinity),
    groupCount: groups.length,
    waves: waves(rows, o.waveMembers),
    distribution: scoreDistribution(rows),
  };
}
