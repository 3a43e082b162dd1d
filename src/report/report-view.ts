/**
 * The little that the report formats derive from the result model — migration waves,
 * the score distribution, check ordering, trends — computed once here, so the HTML,
 * Markdown and JUnit renderers only lay it out and can never disagree.
 */
import type { ProbeId } from '../../probes/types';
import { VERDICTS, type CheckResult, type CheckStatus, type ProbeResult, type Report, type ReportCatalog, type Severity, type Verdict, type WorkloadResult } from '../model';
import type { HistoryEntry } from '../store/result-store';

export const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, important: 1, normal: 2, low: 3 };
const STATUS_ORDER: Record<CheckStatus, number> = { fail: 0, unknown: 1, suppressed: 2, pass: 3 };

/** Code-point order, not the locale's: a report must come out the same on every machine. */
function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export const VERDICT_LABEL: Record<Verdict, string> = { ready: 'ready', caveats: 'caveats', 'not-ready': 'not ready', incomplete: 'incomplete' };

/** Failures first, worst severity first; then unknown; then passes. Stable by id. */
export function orderChecks(checks: readonly CheckResult[]): CheckResult[] {
  return [...checks].sort(
    (a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || byText(a.id, b.id),
  );
}

/** Waves 1–3 follow the verdict alone; 4 holds the workloads whose verdict is incomplete. */
export type WaveNumber = 1 | 2 | 3 | 4;

export interface WaveEntry {
  name: string;
  score: number | null;
  verdict: Verdict;
  /** Wave 1–2: the failed checks still worth fixing; wave 3: the blockers, else the important failures. */
  checks: CheckResult[];
  /** Why, when no failed check explains it (a low score; the input a verdict is missing). */
  reason?: string;
}

export interface Wave {
  wave: WaveNumber;
  title: string;
  advice: string;
  /** The heading of what each entry lists. */
  column: string;
  workloads: WaveEntry[];
}

const WAVE_TEXT: Record<WaveNumber, { title: string; advice: string; column: string }> = {
  1: { title: 'Wave 1 — ready now', advice: 'Move these first: start with the least critical, most stable services.', column: 'Still to polish' },
  2: { title: 'Wave 2 — minor fixes', advice: 'Caveats: fix the listed checks, then move.', column: 'To fix' },
  3: { title: 'Wave 3 — not ready', advice: 'A blocker (a critical check, marked) or too many missing signals: fix these before moving.', column: 'Blocked by' },
  4: { title: 'Needs input — not judged yet', advice: 'Give distroready what it could not see, then probe again.', column: 'What it needs' },
};

const WAVE_OF_VERDICT: Record<Verdict, WaveNumber> = { ready: 1, caveats: 2, 'not-ready': 3, incomplete: 4 };

function failed(w: WorkloadResult, severities: readonly Severity[]): CheckResult[] {
  return orderChecks(w.checks.filter((c) => c.status === 'fail' && severities.includes(c.severity)));
}

/** Which wave a workload belongs to: its verdict decides, so a wave never contradicts it. */
export function waveOf(w: WorkloadResult): WaveNumber {
  return WAVE_OF_VERDICT[w.verdict];
}

function entry(w: WorkloadResult, wave: WaveNumber): WaveEntry {
  const base = { name: w.name, score: w.score, verdict: w.verdict };
  if (wave === 4) return { ...base, checks: [], reason: w.incomplete.map((m) => `${m.reason} — ${m.input}`).join('; ') || 'nothing could be judged' };
  if (wave !== 3) return { ...base, checks: failed(w, ['critical', 'important', 'normal', 'low']) };
  const blocking = failed(w, ['critical']);
  if (blocking.length > 0) return { ...base, checks: blocking };
  const important = failed(w, ['important']);
  return { ...base, checks: important, reason: `score ${w.score ?? '—'} is below the not-ready threshold` };
}

/** The migration plan: the waves, each ordered best score first, then by name. */
export function migrationPlan(report: Report): Wave[] {
  const byScore = [...report.workloads].sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || byText(a.name, b.name));
  return ([1, 2, 3, 4] as const).map((wave) => ({
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

function zeroCounts(): Record<Verdict, number> {
  return Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
}

/** Ten score buckets (the last one takes 100) plus "n/a", counted per verdict. */
export function scoreDistribution(report: Report): ScoreBucket[] {
  const buckets: ScoreBucket[] = Array.from({ length: 10 }, (_, i) => ({
    label: i === 9 ? '90–100' : `${i * 10}–${i * 10 + 9}`,
    axis: String(i * 10),
    counts: zeroCounts(),
  }));
  const none: ScoreBucket = { label: 'n/a', axis: 'n/a', counts: zeroCounts() };
  for (const w of report.workloads) {
    const bucket = w.score === null ? none : buckets[Math.min(9, Math.floor(w.score / 10))]!;
    bucket.counts[w.verdict] += 1;
  }
  return VERDICTS.some((v) => none.counts[v] > 0) ? [...buckets, none] : buckets;
}

export interface ProbeSection {
  probe: ProbeId;
  title: string;
  /** Absent when the probe was not run (e.g. left out with `--probes`). */
  result?: ProbeResult;
  checks: CheckResult[];
}

/** A workload's checks grouped per probe, in the catalog's (the registry's) order. */
export function probeSections(w: WorkloadResult, probes: ReportCatalog['probes']): ProbeSection[] {
  return probes
    .filter((p) => w.probes[p.id] !== undefined || w.checks.some((c) => c.probe === p.id))
    .map((p) => ({ probe: p.id, title: p.title, result: w.probes[p.id], checks: orderChecks(w.checks.filter((c) => c.probe === p.id)) }));
}

/** The catalog's probe ids, for column headings. */
export function probeColumns(probes: ReportCatalog['probes']): ProbeId[] {
  return probes.map((p) => p.id);
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
