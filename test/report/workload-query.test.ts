/** The list view in the URL: parsed strictly, written back canonically, applied to summaries. */
import { parseWorkloadQuery, queryString, selectWorkloads, type WorkloadQuery } from '../../src/report/workload-query';
import type { WorkloadSummary } from '../../src/report/workload-summary';

function row(name: string, over: Partial<WorkloadSummary> = {}): WorkloadSummary {
  return { name, group: null, score: 50, verdict: 'caveats', wave: 2, blockers: [], probes: {}, failed: [], change: null, needs: [], probedAt: 't', ...over };
}

describe('parseWorkloadQuery', () => {
  it('defaults to every workload by name, 50 a page', () => {
    expect(parseWorkloadQuery({})).toEqual({ sort: 'name', page: 1, limit: 50 });
  });

  it.each<[Record<string, unknown>, string]>([
    [{ verdict: 'fine' }, 'query.verdict: "fine" is not one of ready, caveats, not-ready, incomplete'],
    [{ probe: 'vibes' }, 'query.probe: "vibes" is not one of logs, metrics, traces, health, shell'],
    [{ status: 'great' }, 'query.status: "great" is not one of pass, warn, fail, unknown, error, skip'],
    [{ page: '0' }, 'query.page: "0" is not a whole number from 1 to 1000000'],
    [{ page: '2.5' }, 'query.page: "2.5" is not a whole number from 1 to 1000000'],
    [{ verdict: ['ready', 'caveats'] }, 'query.verdict: given more than once; give it once'],
    [{ q: 'x'.repeat(300) }, 'query.q: is longer than 256 characters'],
    [{ offset: '5' }, 'query.offset: unknown parameter; the list takes verdict, group, probe, status, check, q, sort, page, limit'],
  ])('refuses %j: %s', (raw, message) => {
    expect(() => parseWorkloadQuery(raw)).toThrow(message);
  });

  it('writes a view back as the same link every time, defaults left out', () => {
    const q = parseWorkloadQuery({ q: 'a b&c', sort: '-score', verdict: 'ready', page: '3', limit: '50', group: 'shop' });
    expect(queryString(q)).toBe('?verdict=ready&group=shop&q=a+b%26c&sort=-score&page=3');
    expect(parseWorkloadQuery(Object.fromEntries(new URLSearchParams(queryString(q))))).toEqual(q);
    expect(queryString(q, { paging: false })).toBe('?verdict=ready&group=shop&q=a+b%26c&sort=-score');
  });
});

describe('selectWorkloads', () => {
  const rows = [
    row('b', { score: 90, verdict: 'ready', wave: 1, change: 5, group: 'shop', probes: { logs: 'pass' } }),
    row('a', { score: 30, verdict: 'not-ready', wave: 3, change: -40, group: 'shop', probes: { logs: 'fail', health: 'error' }, failed: [{ id: 'x', probe: 'logs', severity: 'critical' }] }),
    row('c', { score: null, verdict: 'incomplete', wave: 4, change: null, probes: { logs: 'unknown' } }),
    row('d', { score: 70, change: 0, group: 'data', probes: { logs: 'skip' } }),
  ];
  const names = (q: Partial<WorkloadQuery>): string[] => selectWorkloads(rows, { sort: 'name', page: 1, limit: 50, ...q }).rows.map((r) => r.name);

  it.each<[string, Partial<WorkloadQuery>, string[]]>([
    ['score, nulls last', { sort: 'score' }, ['a', 'd', 'b', 'c']],
    ['score descending, nulls still last', { sort: '-score' }, ['b', 'd', 'a', 'c']],
    ['biggest drop first', { sort: 'change' }, ['a', 'd', 'b', 'c']],
    ['biggest gain first', { sort: '-change' }, ['b', 'd', 'a', 'c']],
    ['a group', { group: 'shop' }, ['a', 'b']],
    ['no group', { group: '(none)' }, ['c']],
    ['a probe with a problem (skip and pass are none)', { probe: 'logs' }, ['a', 'c']],
    ['a probe status', { probe: 'logs', status: 'pass' }, ['b']],
    ['any probe with a status', { status: 'error' }, ['a']],
    ['a failed check', { check: 'x' }, ['a']],
    ['a name, case-insensitive', { q: 'C' }, ['c']],
  ])('%s', (_what, q, expected) => {
    expect(names(q)).toEqual(expected);
  });

  it('cuts out the page asked for and counts every match', () => {
    const page = selectWorkloads(rows, { sort: 'name', page: 2, limit: 3 });
    expect(page.rows.map((r) => r.name)).toEqual(['d']);
    expect([page.total, page.pages]).toEqual([4, 2]);
  });
});
