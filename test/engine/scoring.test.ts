/** Scoring is arithmetic: a table of check outcomes and the score and verdict they give. */
import type { CheckResult, CheckStatus, Severity } from '../../src/model';
import { probeStatusFromChecks, scoreChecks } from '../../src/scoring';

const c = (severity: Severity, status: CheckStatus, id = `${severity}-${status}`): CheckResult => ({
  id, probe: 'health', severity, status, message: '', evidence: [], remediation: '',
});

describe('scoreChecks', () => {
  it.each<[string, CheckResult[], number | null, string, string[]]>([
    ['all pass', [c('critical', 'pass'), c('important', 'pass'), c('low', 'pass')], 100, 'ready', []],
    ['one normal fail of 100 weight', [c('critical', 'pass'), c('important', 'pass'), c('normal', 'fail'), c('low', 'pass')], 80, 'caveats', []],
    ['critical fail blocks whatever the score', [c('critical', 'fail', 'x'), c('important', 'pass'), c('important', 'pass'), c('normal', 'pass'), c('normal', 'pass'), c('normal', 'pass'), c('normal', 'pass'), c('normal', 'pass'), c('normal', 'pass'), c('normal', 'pass')], 83, 'not-ready', ['x']],
    ['below 50 is not ready', [c('important', 'fail'), c('normal', 'pass')], 40, 'not-ready', []],
    ['exactly 50 is caveats', [c('normal', 'fail'), c('normal', 'pass')], 50, 'caveats', []],
    ['exactly 90 is ready', [c('critical', 'pass'), c('important', 'pass'), c('normal', 'pass'), c('low', 'fail')], 90, 'ready', []],
    ['unknown checks are left out', [c('important', 'pass'), c('critical', 'unknown')], 100, 'ready', []],
    ['nothing evaluated is not ready', [c('critical', 'unknown')], null, 'not-ready', []],
    ['rounding: 2 of 3 normal', [c('normal', 'pass'), c('normal', 'pass'), c('normal', 'fail')], 67, 'caveats', []],
  ])('%s', (_name, checks, score, verdict, blockers) => {
    expect(scoreChecks(checks)).toEqual({ score, verdict, blockers });
  });

  it('takes weights and thresholds from config', () => {
    const scoring = { weights: { critical: 40, important: 30, normal: 0, low: 10 }, readyScore: 95, notReadyBelow: 10 };
    expect(scoreChecks([c('important', 'pass'), c('normal', 'fail')], scoring)).toEqual({ score: 100, verdict: 'ready', blockers: [] });
    expect(scoreChecks([c('important', 'pass'), c('low', 'fail')], scoring).verdict).toBe('caveats');
  });
});

describe('probeStatusFromChecks', () => {
  it.each<[CheckResult[], string]>([
    [[c('low', 'pass')], 'pass'],
    [[c('low', 'fail'), c('normal', 'fail')], 'warn'],
    [[c('important', 'fail')], 'fail'],
    [[c('critical', 'fail'), c('low', 'pass')], 'fail'],
    [[c('critical', 'unknown')], 'pass'],
  ])('%#', (checks, status) => {
    expect(probeStatusFromChecks(checks)).toBe(status);
  });
});
