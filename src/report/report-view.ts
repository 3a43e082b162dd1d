/**
 * The little that the report formats derive from the result model — migration waves,
 * the score distribution, check ordering, trends — computed once here, so the HTML,
 * Markdown and JUnit renderers only lay it out and can never disagree.
 */
import { probes as registry } from '../../probes';
import type { ProbeId } from '../../probes/types';
import type { CheckResult, CheckStatus, ProbeResult, Report, Severity, Verdict, WorkloadResult } from '../model';
import type { HistoryEntry } from '../store/result-store';

export const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, important: 1, normal: 2, low: 3 };
const STATUS_ORDER: Record<CheckStatus, number> = { fail: 0, unknown: 1, pass: 2 };

/** Code-point order, not the locale's: a report must come out the same on every machine. */
function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export const VERDICT_LABEL: Record<Verdict, string> = { ready: 'ready', caveats: 'caveats', 'not-ready': 'not ready' };

/** Failures first, worst severity first; then unknown; then passes. Stable by id. */
export function orderChecks(checks: readonly CheckResult[]): CheckResult[] {
  return [...checks].sort(
    (a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || byText(a.id, b.id),
  );
}

export type WaveNumber = 1 | 2 | 3;

export interface WaveEntry {
  name: string;
  score: number | null;
  verdict: Verdict;
  /** Wave 1: minor checks still worth polishing; wave 2: the checks to fix; wave 3: what blocks it. */
  checks: CheckResult[];
  /** Wave 3 only, when no failed check explains it (e.g. nothing could be evaluated). */
  reason?: string;
}

export interface Wave {
  wave: WaveNumber;
  title: string;
  advice: string;
  workloads: WaveEntry[];
}

const WAVE_TEXT: Record<WaveNumber, { title: string; advice: string }> = {
  1: { title: 'Wave 1 — ready now', advice: 'Move these first: start with the least critical, most stable services.' },
  2: { title: 'Wave 2 — minor fixes', advice: 'Only normal or low checks fail: fix them, then move.' },
  3: { title: 'Wave 3 — blocked', advice: 'A critical check (a blocker, marked) or an important one fails: fix these before moving.' },
};

function failed(w: WorkloadResult, severities: readonly Severity[]): CheckResult[] {
  return orderChecks(w.checks.filter((c) => c.status === 'fail' && severities.includes(c.severity)));
}

/** Which wave a workload belongs to; the verdict decides wave 1, failed severities the rest. */
export function waveOf(w: WorkloadResult): WaveNumber {
  if (failed(w, ['critical', 'important']).length > 0 || w.verdict === 'not-ready') return 3;
  return w.verdict === 'ready' ? 1 : 2;
}

function entry(w: WorkloadResult, wave: WaveNumber): WaveEntry {
  const base = { name: w.name, score: w.score, verdict: w.verdict };
  if (wave !== 3) return { ...base, checks: failed(w, ['normal', 'low']) };
  const blocking = failed(w, ['critical', 'important']);
  if (blocking.length > 0) return { ...base, checks: blocking };
  const reason = w.score === null ? 'no check could be evaluated' : `score ${w.score} is below the not-ready threshold`;
  return { ...base, checks: [], reason };
}

/** The migration plan: three waves, each ordered best score first, then by name. */
export function migrationPlan(report: Report): Wave[] {
  const byScore = [...report.workloads].sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || byText(a.name, b.name));
  return ([1, 2, 3] as const).map((wave) => ({
    wave,
    ...WAVE_TEXT[wave],
    workloads: byScore.filter((w) => waveOf(w) === wave).map((w) => entry(w, wave)),
  }));
}

export interface ScoreBucket {
  /** e.g. "90–100"; "n/a" for workloads with no score. */
  label: string;
  /** The bucket's lower bound ("90"), short enough for an axis; "n/a" as is. */
  axis: string;
  counts: Record<Verdict, number>;
}

/** Ten score buckets (the last one takes 100) plus "n/a", counted per verdict. */
export function scoreDistribution(report: Report): ScoreBucket[] {
  const buckets: ScoreBucket[] = Array.from({ length: 10 }, (_, i) => ({
    label: i === 9 ? '90–100' : `${i * 10}–${i * 10 + 9}`,
    axis: String(i * 10),
    counts: { ready: 0, caveats: 0, 'not-ready': 0 },
  }));
  const none: ScoreBucket = { label: 'n/a', axis: 'n/a', counts: { ready: 0, caveats: 0, 'not-ready': 0 } };
  for (const w of report.workloads) {
    const bucket = w.score === null ? none : buckets[Math.min(9, Math.floor(w.score / 10))]!;
    bucket.counts[w.verdict] += 1;
  }
  return none.counts.ready + none.counts.caveats + none.counts['not-ready'] > 0 ? [...buckets, none] : buckets;
}

export interface ProbeSection {
  probe: ProbeId;
  title: string;
  /** Absent when the probe was not run (e.g. left out with `--probes`). */
  result?: ProbeResult;
  checks: CheckResult[];
}

/** A workload's checks grouped per probe, in registry order (the registry is the one list). */
export function probeSections(w: WorkloadResult): ProbeSection[] {
  return registry
    .filter((p) => w.probes[p.id] !== undefined || w.checks.some((c) => c.probe === p.id))
    .map((p) => ({ probe: p.id, title: p.title, result: w.probes[p.id], checks: orderChecks(w.checks.filter((c) => c.probe === p.id)) }));
}

/** The registry's probe ids, for column headings. */
export function probeColumns(): ProbeId[] {
  return registry.map((p) => p.id);
}

export interface CheckCounts {
  tests: number;
  failures: number;
  /** Unknown because the probe itself errored. */
  errors: number;
  /** Unknown for any other reason (e.g. a fact the probe could not determine). */
  skipped: number;
}

/** A check that could not be judged because its probe could not run. */
export function isProbeError(c: CheckResult, w: WorkloadResult): boolean {
  return c.status === 'unknown' && w.probes[c.probe]?.status === 'error';
}

export function countChecks(workloads: readonly WorkloadResult[]): CheckCounts {
  const n: CheckCounts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  for (const w of workloads) {
    for (const c of w.checks) {
      n.tests += 1;
      if (c.status === 'fail') n.failures += 1;
      else if (isProbeError(c, w)) n.errors += 1;
      else if (c.status === 'unknown') n.skipped += 1;
    }
  }
  return n;
}

/** Total probe time of a workload, in seconds with millisecond precision. */
export function probeSeconds(w: WorkloadResult): string {
  const ms = Object.values(w.probes).reduce((sum, p) => sum + (p?.durationMs ?? 0), 0);
  return (ms / 1000).toFixed(3);
}

export interface TrendPoint {
  probedAt: string;
  score: number | null;
}

/** History arrives newest first; a trend reads oldest to newest. */
export function trendPoints(history: readonly HistoryEntry[]): TrendPoint[] {
  return [...history].reverse().map((h) => ({ probedAt: h.probedAt, score: h.score }));
}
