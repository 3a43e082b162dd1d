/** The fleet overview, the CSV export and the trend charts, from summaries and history. */
import { testCatalog } from '../support/catalog';
import { fleetOverview } from '../../src/report/fleet-view';
import { renderCsv } from '../../src/report/csv';
import { groupingFor } from '../../src/report/grouping';
import { trendChart, trendSvg } from '../../src/report/svg';
import { summarizeWorkload, type WorkloadSummary } from '../../src/report/workload-summary';
import { loadReport } from '../support/report';

const rows = (): WorkloadSummary[] => loadReport('fleet').workloads.map((w) => summarizeWorkload(w, groupingFor('team')));

describe('fleetOverview', () => {
  it('counts every verdict, incomplete included', () => {
    const o = fleetOverview(rows(), { groupLabel: 'team', remediation: () => '' });
    expect(o.summary).toEqual({ workloads: 4, ready: 1, caveats: 1, notReady: 1, incomplete: 1 });
  });

  it('ranks failing checks by the workloads they block, then by how many they fail in', () => {
    const many = [...rows(), ...rows().map((r) => ({ ...r, name: `${r.name}-2` }))];
    many.push({ ...many[1]!, name: 'x', failed: [{ id: 'logsTraceIdsMissing', probe: 'logs', severity: 'normal' }] });
    const o = fleetOverview(many, { groupLabel: 'team', remediation: (id) => `fix ${id}`, topChecks: 2 });
    expect(o.topChecks.map((c) => [c.id, c.blocking, c.failing, c.remediation])).toEqual([
      ['shellExecProbe', 2, 2, 'fix shellExecProbe'],
      ['logsTraceIdsMissing', 0, 3, 'fix logsTraceIdsMissing'],
    ]);
    expect(o.failingChecks).toBe(5);
  });

  it('gives readiness per group, by name, and keeps every wave member countable', () => {
    const o = fleetOverview(rows(), { groupLabel: 'team', remediation: () => '', waveMembers: 0, groups: 2 });
    expect(o.groups.map((g) => [g.group, g.total, g.counts.ready])).toEqual([['data', 1, 0], ['payments', 1, 0]]);
    expect(o.groupCount).toBe(3);
    expect(o.waves.map((w) => [w.total, w.members.length])).toEqual([[1, 0], [1, 0], [1, 0], [1, 0]]);
  });

  it('groups discovered names by namespace, and config names by prefix when asked', () => {
    expect(groupingFor().of({ name: 'shop/deployment/checkout' })).toBe('shop');
    expect(groupingFor().of({ name: 'checkout' })).toBeNull();
    expect(groupingFor('prefix').of({ name: 'payments-api' })).toBe('payments');
    expect(groupingFor('team').of({ name: 'a', labels: { team: 'core' } })).toBe('core');
  });
});

describe('renderCsv', () => {
  it('quotes what needs quoting and defuses formulas, but not numbers', () => {
    const [row] = rows();
    const csv = renderCsv([{ ...row!, name: '=HYPERLINK("http://x")', group: 'a,b', change: -5, previous: { score: 105, verdict: 'ready' } }], 'team', testCatalog().probes);
    const line = csv.split('\r\n')[1]!;
    expect(line.startsWith(`"'=HYPERLINK(""http://x"")","a,b",ready,100,105,-5,1,`)).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
  });
});

describe('trends', () => {
  const flat = (score: number) => [0, 1, 2].map((i) => ({ probedAt: `2026-01-0${i + 1}T00:00:00.000Z`, score, verdict: 'ready' as const }));
  const ys = (svg: string): string[] => [...svg.matchAll(/<polyline points="([^"]+)"/g)].map((m) => m[1]!);

  it('draws 99 and 37 at different heights: the axis is always 0–100', () => {
    expect(ys(trendSvg(flat(99)))).not.toEqual(ys(trendSvg(flat(37))));
    expect(ys(trendChart(flat(99)))).not.toEqual(ys(trendChart(flat(37))));
  });

  it('marks the configured thresholds and breaks the line where a sweep has no score', () => {
    const points = [...flat(80), { probedAt: '2026-01-04T00:00:00.000Z', score: null }, ...flat(40)];
    const svg = trendChart(points, { readyScore: 85, notReadyBelow: 45 });
    expect(svg).toContain('ready ≥ 85');
    expect(svg).toContain('not ready &lt; 45');
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    expect(svg).toContain('<title>2026-01-04 00:00 UTC: no score</title>');
  });
});
