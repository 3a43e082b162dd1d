/** Every report format, rendered from fixture results, against its golden file. */
import { renderHtml } from '../../src/report/html';
import { renderReport, type ReportFormat } from '../../src/report/render';
import { expectGolden, loadReport } from './support';

const EXTENSIONS: Partial<Record<ReportFormat, string>> = { json: 'json', html: 'html', md: 'md', junit: 'junit.xml' };

describe.each(['fleet', 'hostile'] as const)('the %s fixture', (fixture) => {
  it.each(Object.entries(EXTENSIONS))('renders %s as its golden file', (format, ext) => {
    expectGolden(`${fixture}.${ext}`, renderReport(loadReport(fixture), format as ReportFormat));
  });
});

it('renders the dashboard variant with trends as its golden file', () => {
  const trends = {
    checkout: [90, 95, 100, 100].map((score, i) => ({ probedAt: `2026-11-29T1${i}:00:00.000Z`, score })),
    legacy: [{ probedAt: '2026-11-29T10:00:00.000Z', score: null }, { probedAt: '2026-11-29T11:00:00.000Z', score: 38 }],
  };
  expectGolden('fleet-dashboard.html', renderHtml(loadReport('fleet'), { trends, live: true }));
});

it('renders the JSON contract unchanged, so it round-trips', () => {
  const { catalog, ...report } = loadReport('fleet');
  expect(JSON.parse(renderReport({ ...report, catalog }, 'json'))).toEqual(report);
});

it('makes the HTML self-contained: no script, no external asset, links only within the page', () => {
  const html = renderReport(loadReport('fleet'), 'html');
  expect(html).not.toMatch(/<script|<link|<img|<iframe|\ssrc=|\ssrcset=|url\(|@import/i);
  for (const [, href] of html.matchAll(/href="([^"]*)"/g)) expect(href).toMatch(/^#workload-\d+$/);
});
