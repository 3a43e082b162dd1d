/**
 * The little that the report formats derive from the result model — migration waves,
 * the score distribution, check ordering, trends — computed once here, so the HTML,
 * Markdown and JUnit renderers only lay it out and can never disagree.
 */
import type { ProbeId } from '../../probes/types';
import { VERDICTS, type CheckResult, type CheckStatus, type ProbeResult, type ReportCatalog, type Severity, type Verdict, type WorkloadResult } from '../model';
import type { HistoryEntry } from '../store/result-store';

export const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, important: 1, normal: 2, low: 3 };
const STATUS_ORDER: Record<CheckStatus, number> = { fail: 0, unknown: 1, suppressed: 2, pass: 3 };

/** Code-point order, not the locale's: a report must come out the same on every machine. */
function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export const VERDICT_LABEL: Record<Verdict, string> = { ready: 'ready', caveats: 'caveats', 'not-ready': 'not ready', incomplete: 'incomplete' };

/** Failures first, worst severity first; then unknown; then passes. Stable by id. */
export function orderChecks<C extends Pick<CheckResult, 'id' | 'status' | 'severity'>>(checks: readonly C[]): C[] {
  return [...checks].sort(
    (a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || byText(a.id, b.id),
  );
}

/** Waves 1–3 follow the verdict alone; 4 holds the workloads whose verdict is incomplete. */
export type WaveNumber = 1 | 2 | 3 | 4;

const WAVE_OF_VERDICT: Record<Verdict, WaveNumber> = { ready: 1, caveats: 2, 'not-ready': 3, incomplete: 4 };

/** Which wave a workload belongs to: its verdict decides, so a wave never contradicts it. */
export function waveOf(w: Pick<WorkloadResult, 'verdict'>): WaveNumber {
  return WAVE_OF_VERDICT[w.verdict];
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
export function scoreDistribution(workloads: readonly Pick<WorkloadResult, 'score' | 'verdict'>[]): ScoreBucket[] {
  const buckets: ScoreBucket[] = Array.from({ length: 10 }, (_, i) => ({
    label: i === 9 ? '90–100' : `${i * 10}–${i * 10 + 9}`,
    axis: String(i * 10),
    counts: zeroCounts(),
  }));
  const none: ScoreBucket = { label: 'n/a', axis: 'n/a', counts: zeroCounts() };
  for (const w of workloads) {
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
  verdict?: Verdict;
}

/** History arrives newest first; a trend reads oldest to newest. */
export function trendPoints(history: readonly HistoryEntry[]): TrendPoint[] {
  return [...history].reverse().map((h) => ({ probedAt: h.probedAt, score: h.score, verdict: h.verdict }));
}
