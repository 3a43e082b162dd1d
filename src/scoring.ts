/**
 * Scoring is arithmetic over check outcomes, after the OpenTelemetry Instrumentation
 * Score: passed weight / evaluated weight × 100. `unknown` checks are left out.
 */
import type { ScoringConfig } from './config/config-types';
import type { CheckResult, ProbeStatus, Verdict } from './model';

export const DEFAULT_SCORING: ScoringConfig = {
  weights: { critical: 40, important: 30, normal: 20, low: 10 },
  readyScore: 90,
  notReadyBelow: 50,
};

export interface Score {
  score: number | null;
  verdict: Verdict;
  blockers: string[];
}

export function scoreChecks(checks: readonly CheckResult[], scoring: ScoringConfig = DEFAULT_SCORING): Score {
  let evaluated = 0;
  let passed = 0;
  for (const c of checks) {
    if (c.status === 'unknown') continue;
    const w = scoring.weights[c.severity];
    evaluated += w;
    if (c.status === 'pass') passed += w;
  }
  const score = evaluated === 0 ? null : Math.round((passed / evaluated) * 100);
  const blockers = checks.filter((c) => c.status === 'fail' && c.severity === 'critical').map((c) => c.id);
  return { score, verdict: verdictFor(score, blockers.length > 0, scoring), blockers };
}

function verdictFor(score: number | null, blocked: boolean, scoring: ScoringConfig): Verdict {
  // Nothing evaluated is no evidence of readiness.
  if (blocked || score === null || score < scoring.notReadyBelow) return 'not-ready';
  return score >= scoring.readyScore ? 'ready' : 'caveats';
}

/** A probe's status from its checks: any important/critical failure → fail, else any failure → warn. */
export function probeStatusFromChecks(checks: readonly CheckResult[]): ProbeStatus {
  const failed = checks.filter((c) => c.status === 'fail');
  if (failed.some((c) => c.severity === 'critical' || c.severity === 'important')) return 'fail';
  return failed.length > 0 ? 'warn' : 'pass';
}
