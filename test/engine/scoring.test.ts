/** Scoring is arithmetic: tables of check outcomes and the score, blockers and verdict they give. */
import type { CheckResult, CheckStatus, Severity } from '../../src/model';
import { blockersOf, probeStatusFromChecks, scoreOf, verdictOf, type VerdictInputs } from '../../src/scoring';

const c = (severity: Severity, status: CheckStatus, id = `${severity}-${status}`, gate = false): CheckResult => ({
  id, probe: 'health', severity, status, message: '', evidence: [], remediation: '', ...(gate ? { gate: true as const } : {}),
});

describe('scoreOf', () => {
  it.each<[string, CheckResult[], number | null]>([
    ['all pass', [c('critical', 'pass'), c('important', 'pass'), c('low', 'pass')], 100],
    ['one normal fail of 100 weight', [c('critical', 'pass'), c('important', 'pass'), c('normal', 'fail'), c('low', 'pass')], 80],
    ['below 50', [c('important', 'fail'), c('normal', 'pass')], 40],
    ['exactly 90', [c('critical', 'pass'), c('important', 'pass'), c('normal', 'pass'), c('low', 'fail')], 90],
    ['unknown checks are left out', [c('important', 'pass'), c('critical', 'unknown')], 100],
    ['suppressed checks are left out', [c('important', 'pass'), c('critical', 'suppressed')], 100],
    ['nothing evaluated', [c('critical', 'unknown')], null],
    ['rounding: 2 of 3 normal', [c('normal', 'pass'), c('normal', 'pass'), c('normal', 'fail')], 67],
    // Regression (issue 10, point 4): a workload that merely started earned the weight of an important check.
    ['a passed gate adds no weight', [c('critical', 'pass', 'started', true), c('important', 'fail')], 0],
    ['only gates evaluated is no score', [c('critical', 'pass', 'started', true)], null],
  ])('%s', (_name, checks, score) => {
    expect(scoreOf(checks)).toBe(score);
  });

  it('takes weights from config', () => {
    const scoring = { weights: { critical: 40, important: 30, normal: 0, low: 10 }, readyScore: 95, notReadyBelow: 10 };
    expect(scoreOf([c('important', 'pass'), c('normal', 'fail')], scoring)).toBe(100);
    expect(scoreOf([c('important', 'pass'), c('low', 'fail')], scoring)).toBe(75);
  });
});

describe('blockersOf', () => {
  it('lists failed critical checks, preconditions first, never suppressed ones', () => {
    const checks = [c('critical', 'fail', 'logsNotOnStdout'), c('critical', 'fail', 'healthWorkloadNotStarted', true), c('critical', 'suppressed', 'shellExecProbe'), c('important', 'fail', 'x')];
    expect(blockersOf(checks)).toEqual(['healthWorkloadNotStarted', 'logsNotOnStdout']);
  });
});

describe('verdictOf', () => {
  const v = (over: Partial<VerdictInputs>): VerdictInputs => ({ score: 95, blockers: [], unreached: false, missingInput: false, ...over });
  it.each<[string, VerdictInputs, string]>([
    ['a blocker decides whatever the score', v({ score: 99, blockers: ['x'] }), 'not-ready'],
    ['ready at 90', v({ score: 90 }), 'ready'],
    ['caveats at 50', v({ score: 50 }), 'caveats'],
    ['not ready below 50', v({ score: 49 }), 'not-ready'],
    // Regression (issue 10, point 2): an unreachable target was scored as if probed.
    ['not reached is incomplete, whatever the score', v({ score: 100, unreached: true }), 'incomplete'],
    ['not reached with a blocker in its files is not ready', v({ unreached: true, blockers: ['shellFormEntrypoint'] }), 'not-ready'],
    // Regression (issue 10, point 3): a metrics URL alone said "caveats — can move".
    ['missing input is incomplete', v({ score: 80, missingInput: true }), 'incomplete'],
    ['missing input with a score already below the bar is not ready', v({ score: 20, missingInput: true }), 'not-ready'],
    ['nothing evaluated is incomplete', v({ score: null }), 'incomplete'],
  ])('%s', (_name, inputs, verdict) => {
    expect(verdictOf(inputs)).toBe(verdict);
  });

  it('takes thresholds from config', () => {
    const scoring = { weights: { critical: 40, important: 30, normal: 20, low: 10 }, readyScore: 95, notReadyBelow: 10 };
    expect(verdictOf(v({ score: 94 }), scoring)).toBe('caveats');
    expect(verdictOf(v({ score: 11 }), scoring)).toBe('caveats');
  });
});

describe('probeStatusFromChecks', () => {
  it.each<[string, CheckResult[], string]>([
    ['a pass', [c('low', 'pass')], 'pass'],
    ['only minor failures', [c('low', 'fail'), c('normal', 'fail')], 'warn'],
    ['an important failure', [c('important', 'fail')], 'fail'],
    ['a critical failure', [c('critical', 'fail'), c('low', 'pass')], 'fail'],
    // Regression (issue 10, point 1): a probe whose checks were all unknown showed pass.
    ['nothing evaluated', [c('critical', 'unknown')], 'unknown'],
    ['only suppressed', [c('critical', 'suppressed')], 'unknown'],
  ])('%s', (_name, checks, status) => {
    expect(probeStatusFromChecks(checks)).toBe(status);
  });
});
