/**
 * Scoring is arithmetic over check outcomes, after the OpenTelemetry Instrumentation
 * Score: passed weight / evaluated weight × 100. `unknown` and `suppressed` checks are
 * left out, and so are gates (preconditions): a workload earns score only from the
 * signals it has.
 */
import type { ScoringConfig } from './config/config-types';
import type { CheckOutcome, ProbeStatus, Verdict } from './model';

/** What scoring reads of a check: the rest of its outcome is for people. */
type Scored = Pick<CheckOutcome, 'id' | 'status' | 'severity' | 'gate'>;

export const DEFAULT_SCORING: ScoringConfig = {
  weights: { critical: 40, important: 30, normal: 20, low: 10 },
  readyScore: 90,
  notReadyBelow: 50,
};

/** Failed critical checks, preconditions first: a workload that never started is the cause of what follows. */
export function blockersOf(checks: readonly Scored[]): string[] {
  const failed = checks.filter((c) => c.status === 'fail' && c.severity === 'critical');
  return [...failed.filter((c) => c.gate), ...failed.filter((c) => !c.gate)].map((c) => c.id);
}

/** 0–100, or `null` when no weighted check was evaluated. */
export function scoreOf(checks: readonly Scored[], scoring: ScoringConfig = DEFAULT_SCORING): number | null {
  let evaluated = 0;
  let passed = 0;
  for (const c of checks) {
    if (c.gate || (c.status !== 'pass' && c.status !== 'fail')) continue;
    const w = scoring.weights[c.severity];
    evaluated += w;
    if (c.status === 'pass') passed += w;
  }
  return evaluated === 0 ? null : Math.round((passed / evaluated) * 100);
}

export interface VerdictInputs {
  score: number | null;
  blockers: readonly string[];
  /** The live workload was not seen (it did not start, or could not be reached). */
  unreached: boolean;
  /** A probe that can block had nothing to judge. */
  missingInput: boolean;
}

/**
 * A blocker decides; then what was not seen (nothing is judged that was not seen); then a
 * score already below the bar (more input would not undo missing signals); then missing
 * input; then the score.
 */
export function verdictOf(v: VerdictInputs, scoring: ScoringConfig = DEFAULT_SCORING): Verdict {
  if (v.blockers.length > 0) return 'not-ready';
  if (v.unreached || v.score === null) return 'incomplete';
  if (v.score < scoring.notReadyBelow) return 'not-ready';
  if (v.missingInput) return 'incomplete';
  return v.score >= scoring.readyScore ? 'ready' : 'caveats';
}

/**
 * A probe's status from its checks: any important/critical failure → fail, else any
 * failure → warn; `unknown` when none was evaluated (nothing passes without evidence).
 */
export function probeStatusFromChecks(checks: readonly Scored[]): ProbeStatus {
  const evaluated = checks.filter((c) => c.status === 'pass' || c.status === 'fail');
  if (evaluated.length === 0) return 'unknown';
  const failed = evaluated.filter((c) => c.status === 'fail');
  if (failed.some((c) => c.severity === 'critical' || c.severity === 'important')) return 'fail';
  return failed.length > 0 ? 'warn' : 'pass';
}
