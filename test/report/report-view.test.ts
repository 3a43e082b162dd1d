/** The migration waves, distribution and ordering that every report format shares. */
import type { CheckResult, Verdict, WorkloadResult } from '../../src/model';
import { buildReport } from '../../src/model';
import { waves } from '../../src/report/fleet-view';
import { groupingFor } from '../../src/report/grouping';
import { orderChecks, scoreDistribution, trendPoints, waveOf } from '../../src/report/report-view';
import { summarizeWorkload } from '../../src/report/workload-summary';
import { workloadResult } from '../support/results';
import { loadReport } from '../support/report';
import { testCatalog } from '../support/catalog';

function check(id: string, status: CheckResult['status'], severity: CheckResult['severity']): CheckResult {
  return { id, probe: 'health', status, severity, message: id, evidence: [], remediation: '' };
}

function workload(name: string, score: number | null, verdict: Verdict, checks: CheckResult[]): WorkloadResult {
  const blockers = checks.filter((c) => c.status === 'fail' && c.severity === 'critical').map((c) => c.id);
  return workloadResult({ name, score, verdict, blockers, checks, probedAt: '2026-11-29T12:00:00.000Z', sweepId: 's' });
}

describe('waveOf', () => {
  // Regression (issue 10, point 11): a `ready` workload sat in "Wave 3 — blocked". The verdict alone decides.
  it.each([
    ['all passing, ready', 1, workload('a', 100, 'ready', [check('x', 'pass', 'important')])],
    ['ready with a low check to polish', 1, workload('a', 95, 'ready', [check('x', 'fail', 'low')])],
    ['ready by score with an important failure', 1, workload('a', 90, 'ready', [check('x', 'fail', 'important')])],
    ['caveats, only normal/low failures', 2, workload('a', 70, 'caveats', [check('x', 'fail', 'normal'), check('y', 'fail', 'low')])],
    ['caveats with an important failure', 2, workload('a', 80, 'caveats', [check('x', 'fail', 'important')])],
    ['a critical blocker', 3, workload('a', 60, 'not-ready', [check('x', 'fail', 'critical')])],
    ['incomplete', 4, workload('a', null, 'incomplete', [check('x', 'unknown', 'important')])],
  ])('%s → wave %d', (_name, wave, w) => {
    expect(waveOf(w)).toBe(wave);
  });
});

describe('waves', () => {
  const plan = waves(loadReport('fleet').workloads.map((w) => summarizeWorkload(w, groupingFor())));

  it('puts each fixture workload in the wave of its verdict, best score first', () => {
    expect(plan.map((w) => w.members.map((e) => e.name))).toEqual([['checkout'], ['catalog'], ['legacy'], ['batch-job']]);
    expect(plan.map((w) => [w.verdict, w.total])).toEqual([['ready', 1], ['caveats', 1], ['not-ready', 1], ['incomplete', 1]]);
  });

  it('says what blocks wave 3: the blockers', () => {
    expect(plan[2]!.members[0]!.checks.map((c) => c.id)).toEqual(['shellExecProbe']);
  });

  it('says what input an incomplete workload needs', () => {
    const batch = plan[3]!.members[0]!;
    expect(batch.checks).toEqual([]);
    expect(batch.reason).toMatch(/^the workload could not be reached: .*ETIMEDOUT.* — make its url reachable/);
  });

  it('lists wave 2 checks to fix', () => {
    expect(plan[1]!.members[0]!.checks.map((c) => c.id)).toEqual(['logsTraceIdsMissing', 'metricsNamingUnconventional']);
  });
});

describe('scoreDistribution', () => {
  it('counts per bucket and verdict; 100 falls in the last bucket, null in n/a', () => {
    const buckets = scoreDistribution(loadReport('fleet').workloads);
    const counts = Object.fromEntries(buckets.map((b) => [b.label, b.counts]));
    expect(buckets).toHaveLength(11);
    expect(counts['90–100']).toEqual({ ready: 1, caveats: 0, 'not-ready': 0, incomplete: 0 });
    expect(counts['80–89']).toEqual({ ready: 0, caveats: 1, 'not-ready': 0, incomplete: 0 });
    expect(counts['30–39']).toEqual({ ready: 0, caveats: 0, 'not-ready': 1, incomplete: 0 });
    expect(counts['n/a']).toEqual({ ready: 0, caveats: 0, 'not-ready': 0, incomplete: 1 });
  });

  it('leaves out n/a when every workload has a score', () => {
    const report = buildReport([workload('a', 0, 'not-ready', [])], testCatalog());
    expect(scoreDistribution(report.workloads).map((b) => b.label)).not.toContain('n/a');
    expect(scoreDistribution(report.workloads)[0]!.counts['not-ready']).toBe(1);
  });
});

it('orders failures first, worst severity first, then unknown, then passes', () => {
  const ordered = orderChecks([check('p', 'pass', 'critical'), check('u', 'unknown', 'critical'), check('l', 'fail', 'low'), check('c', 'fail', 'critical')]);
  expect(ordered.map((c) => c.id)).toEqual(['c', 'l', 'u', 'p']);
});

it('reads history (newest first) as a trend oldest to newest', () => {
  const history = [
    { sweepId: 'b', probedAt: '2', score: 90, verdict: 'ready' as const, probes: {}, changes: [] },
    { sweepId: 'a', probedAt: '1', score: null, verdict: 'not-ready' as const, probes: {}, changes: [] },
  ];
  expect(trendPoints(history)).toEqual([
    { probedAt: '1', score: null, verdict: 'not-ready' },
    { probedAt: '2', score: 90, verdict: 'ready' },
  ]);
});
