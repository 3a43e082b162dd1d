/**
 * Every report format and every dashboard page, rendered from fixture results, against
 * its golden file (`UPDATE_GOLDEN=1 npx jest test/report` rewrites them; under CI a
 * missing golden fails).
 */
import { overviewPage, listPage } from '../../src/report/dashboard-view';
import { groupingFor } from '../../src/report/grouping';
import { renderListPage, renderOverviewPage } from '../../src/report/html-dashboard';
import { renderWorkloadPage } from '../../src/report/html-workload-page';
import { renderReport, type ReportFormat } from '../../src/report/render';
import { renderSarif } from '../../src/report/sarif';
import { remediationFrom } from '../../src/report/report-outline';
import { trendPoints } from '../../src/report/report-view';
import { parseWorkloadQuery } from '../../src/report/workload-query';
import { summarizeWorkload } from '../../src/report/workload-summary';
import type { HistoryEntry } from '../../src/store/result-store';
import { expectGolden, loadReport } from '../support/report';

const EXTENSIONS: Record<Exclude<ReportFormat, 'text'>, string> = { json: 'json', html: 'html', md: 'md', junit: 'junit.xml', sarif: 'sarif.json' };
const team = groupingFor('team');

describe.each(['fleet', 'hostile'] as const)('the %s fixture', (fixture) => {
  it.each(Object.entries(EXTENSIONS))('renders %s as its golden file', (format, ext) => {
    // SARIF's rule list is every check in config/checks; the golden holds the results' own rules,
    // so a check added elsewhere does not change it.
    const text = format === 'sarif' ? renderSarif(loadReport(fixture), { definitions: [], toolVersion: '0.0.0' }) : renderReport(loadReport(fixture), format as ReportFormat, { grouping: team });
    expectGolden(`${fixture}.${ext}`, text);
  });
});

describe('the dashboard pages of the fleet fixture', () => {
  const report = loadReport('fleet');
  // Two sweeps: the earlier one 20 points lower, so every page shows a change.
  const history = (name: string): HistoryEntry[] => {
    const w = report.workloads.find((x) => x.name === name)!;
    const failed = w.checks.filter((c) => c.status === 'fail').map((c) => ({ check: c.id, status: c.status }));
    const now = { sweepId: w.sweepId, probedAt: w.probedAt, score: w.score, verdict: w.verdict, probes: {}, changes: failed };
    const before = { ...now, sweepId: 'earlier', probedAt: '2026-11-29T11:00:00.000Z', score: w.score === null ? null : w.score - 20, changes: [] };
    return [now, before];
  };
  const rows = report.workloads.map((w) => summarizeWorkload(w, team, { score: history(w.name)[1]!.score, verdict: w.verdict }));
  const remediation = remediationFrom(report.workloads);
  const thresholds = { readyScore: 90, notReadyBelow: 50 };

  it('renders the overview', () => {
    expectGolden('dashboard-overview.html', renderOverviewPage(overviewPage(rows, team, remediation), report.generatedAt));
  });

  it('renders a filtered, sorted list', () => {
    const query = parseWorkloadQuery({ sort: '-score', group: 'shop' });
    const page = listPage({ rows, query, grouping: team, remediation, thresholds, probes: report.catalog.probes, trendOf: (n) => trendPoints(history(n)) });
    expectGolden('dashboard-list.html', renderListPage(page, report.generatedAt));
  });

  it('renders a workload page', () => {
    const result = report.workloads.find((w) => w.name === 'legacy')!;
    const links = { json: '/api/v1/workloads/legacy', history: '/api/v1/workloads/legacy/history', list: '/workloads', group: '/workloads?group=payments' };
    expectGolden('dashboard-workload.html', renderWorkloadPage({ result, history: history('legacy'), probes: report.catalog.probes, group: { label: 'team', value: 'payments' }, thresholds, links }));
  });
});

it('renders the JSON contract unchanged, so it round-trips', () => {
  const { catalog, ...report } = loadReport('fleet');
  expect(JSON.parse(renderReport({ ...report, catalog }, 'json'))).toEqual(report);
});

it('makes the HTML self-contained: no script, no external asset, links only within the page', () => {
  const html = renderReport(loadReport('fleet'), 'html');
  expect(html).not.toMatch(/<script|<link|<img|<iframe|\ssrc=|\ssrcset=|url\(|@import/i);
  const ids = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
  const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!);
  expect(hrefs.length).toBeGreaterThan(10);
  // Every link is an anchor of the same file, and every anchor exists: the table of contents works offline.
  for (const href of hrefs) {
    expect(href).toMatch(/^#/);
    expect(ids).toContain(href.slice(1));
  }
});
