/**
 * The dashboard in a real browser (Chromium through playwright-core, Debian's binary, with
 * JavaScript off): at one workload, a real `serve` sweeping a local test server; at 500,
 * the same app over a SQLite store holding three sweeps of a generated fleet judged from
 * real probes' facts. A person's path through it — the overview, a filter, a workload page,
 * a wave member, the CSV — and screenshots of each in test-artifacts/.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { Registry } from 'prom-client';
import { createApp } from '../../src/api/create-app';
import { loadChecks } from '../../src/checks/load-checks';
import { loadConfig } from '../../src/config/load-config';
import { createMetrics } from '../../src/metrics/metrics';
import { buildReport, type CompactResult, type ReportCatalog, type WorkloadResult } from '../../src/model';
import { expandResult } from '../../src/report/expand-result';
import { renderReport } from '../../src/report/render';
import { groupingFor } from '../../src/report/grouping';
import { startServer, type RunningServer } from '../../src/server';
import { SqliteStore } from '../../src/store/sqlite-store';
import { silentLogger } from '../../src/telemetry/logger';
import { requireBinary } from '../support/binaries';
import { eventually } from '../support/eventually';
import { judgedFleet } from '../support/judged-fleet';
import { httpServer, json, type TestServer } from '../support/servers';

const chromiumPath = requireBinary('chromium');
const ARTIFACTS = path.resolve(__dirname, '..', '..', 'test-artifacts');
const METRICS = `# HELP http_requests_total Requests served.
# TYPE http_requests_total counter
http_requests_total{route="/",code="200"} 42
`;

let browser: Browser;

beforeAll(async () => {
  if (!chromiumPath) return;
  browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  mkdirSync(ARTIFACTS, { recursive: true });
}, 30_000);

afterAll(async () => {
  await browser?.close();
});

async function newPage(): Promise<{ page: Page; failed: string[]; close(): Promise<void> }> {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const failed: string[] = [];
  // A download ends its navigation as an aborted request; anything else that fails is a defect.
  page.on('requestfailed', (r) => {
    if (!new URL(r.url()).pathname.startsWith('/export.')) failed.push(r.url());
  });
  // A CSP violation or any other console error is a defect of the page.
  page.on('console', (m) => {
    if (m.type() === 'error') failed.push(`console: ${m.text()}`);
  });
  return { page, failed, close: () => context.close() };
}

const shot = (page: Page, name: string, fullPage = false): Promise<Buffer> => page.screenshot({ path: path.join(ARTIFACTS, name), fullPage });

/** How far the page reaches right: wider than the viewport means a horizontal scrollbar. */
async function pageWidth(page: Page): Promise<{ right: number; widest: string }> {
  type Box = { getBoundingClientRect(): { right: number }; tagName: string; className: string; textContent: string | null };
  const boxes = await page.locator('main *').evaluateAll((els) =>
    els.map((e) => {
      const b = e as unknown as Box;
      return { right: b.getBoundingClientRect().right, what: `${b.tagName}.${b.className}: ${(b.textContent ?? '').slice(0, 60)}` };
    }),
  );
  const widest = boxes.reduce((a, b) => (b.right > a.right ? b : a));
  return { right: widest.right, widest: widest.what };
}

/** 'fits' when nothing reaches past the 1280-pixel viewport and no card or table scrolls sideways, else what does. */
async function fits(page: Page): Promise<string> {
  const { right, widest } = await pageWidth(page);
  if (right > 1280) return `${widest} reaches ${right}px`;
  type Box = { scrollWidth: number; clientWidth: number; className: string; textContent: string | null };
  const scrolled = await page.locator('main .card, main .table-wrap').evaluateAll((els) =>
    els.map((e) => e as unknown as Box).filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => `${e.className}: ${(e.textContent ?? '').slice(0, 40)}`),
  );
  return scrolled.length ? `scrolls sideways: ${scrolled.join('; ')}` : 'fits';
}

(chromiumPath ? describe : describe.skip)('dashboard in Chromium, one workload, a real serve', () => {
  let workload: TestServer;
  let running: RunningServer;

  beforeAll(async () => {
    workload = await httpServer({
      '/livez': json(200, { status: 'ok' }),
      '/readyz': json(200, { status: 'ready' }),
      '/metrics': (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
        res.end(METRICS);
      },
    });
    const dir = mkdtempSync(path.join(tmpdir(), 'distroready-dashboard-'));
    const file = path.join(dir, 'distroready.yaml');
    writeFileSync(
      file,
      `server: { port: 0, host: 127.0.0.1 }
otlp: { enabled: false }
sweep: { interval: 2s, timeout: 4s }
storage: { path: ${JSON.stringify(path.join(dir, 'history.db'))} }
probes: { logs: { windowMs: 100 } }
workloads:
  - { name: storefront, url: ${JSON.stringify(workload.url)}, health: { liveness: /livez, readiness: /readyz }, labels: { team: shop } }
`,
    );
    const checks = loadChecks();
    running = await startServer(loadConfig(file, {}, checks.ids), checks, silentLogger());
    // Two sweeps, so the workload has a trend to draw.
    await eventually('two sweeps', 60_000, async () => (running.scheduler.completed >= 2 ? true : undefined));
  }, 90_000);

  afterAll(async () => {
    await running?.close();
    await workload?.close();
  });

  it('shows the verdict the API reports, follows the wave member to its page, and loads nothing else', async () => {
    const api = (await (await fetch(`${running.url}/api/v1/workloads/storefront`)).json()) as WorkloadResult;
    const { page, failed, close } = await newPage();
    expect((await page.goto(`${running.url}/`))?.status()).toBe(200);
    const counts = await page.locator('.summary .stat .n').allTextContents();
    expect(counts[0]).toBe('1');
    const member = page.locator('.waves li a').first();
    expect(await member.textContent()).toBe('storefront');
    await shot(page, 'dashboard-1-overview.png', true);

    await member.click();
    expect(new URL(page.url()).pathname).toBe('/workloads/storefront');
    expect(await page.locator('.wl-head .badge').first().textContent()).toBe(api.verdict.replace('-', ' '));
    expect(await page.locator('svg.trend-chart circle').count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('script').count()).toBe(0);
    await shot(page, 'dashboard-1-workload.png', true);
    expect(failed).toEqual([]);
    await close();
  }, 60_000);
});

(chromiumPath ? describe : describe.skip)('dashboard in Chromium, 500 workloads', () => {
  let server: Server;
  let base: string;
  let store: SqliteStore;
  let latest: CompactResult[];
  let catalog: ReportCatalog;

  beforeAll(async () => {
    const fleet = await judgedFleet(500, { sweeps: 3 });
    const sweeps = fleet.sweeps;
    catalog = fleet.catalog;
    latest = sweeps[sweeps.length - 1]!;
    const dir = mkdtempSync(path.join(tmpdir(), 'distroready-dashboard-500-'));
    store = new SqliteStore({ file: path.join(dir, 'history.db'), retentionMs: 30 * 86_400_000, logger: silentLogger(), now: () => Date.parse('2026-03-02T09:00:00.000Z') });
    for (const s of sweeps) store.save(s);
    const names = latest.map((w) => w.name);
    const app = createApp({
      store,
      catalog,
      metrics: createMetrics(new Registry()),
      logger: silentLogger(),
      workloadNames: () => names,
      readiness: { notReadyReason: () => null },
      dashboard: { grouping: groupingFor('namespace'), thresholds: { readyScore: 90, notReadyBelow: 50 } },
    });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 120_000);

  afterAll(async () => {
    await new Promise((r) => server?.close(r));
    store?.close();
  });

  const count = (verdict: string): number => latest.filter((w) => w.verdict === verdict).length;

  it('opens on the fleet overview: counts, top checks, groups, and waves that link to all their members', async () => {
    const { page, failed, close } = await newPage();
    await page.goto(`${base}/`);
    expect(await page.locator('.summary .stat .n').allTextContents()).toEqual(['500', ...['ready', 'caveats', 'not-ready', 'incomplete'].map((v) => String(count(v)))]);
    expect(await page.locator('.split2 table.compact').first().locator('tbody tr').count()).toBe(10);
    const wave3 = page.locator('.wave.w3');
    expect(await wave3.locator('li').count()).toBe(8);
    expect(await wave3.locator('a.all').textContent()).toBe(`all ${count('not-ready')} in this wave →`);
    expect(await fits(page)).toBe('fits');
    await shot(page, 'dashboard-500-overview-first-screen.png');
    await shot(page, 'dashboard-500-overview.png', true);
    expect(failed).toEqual([]);
    await close();
  }, 60_000);

  it('filters with the form (no JavaScript), pages, opens a workload, follows a wave member and downloads the CSV', async () => {
    const { page, failed, close } = await newPage();
    await page.goto(`${base}/workloads`);
    await page.selectOption('select[name=verdict]', 'not-ready');
    await page.selectOption('select[name=group]', 'payments');
    await page.selectOption('select[name=sort]', 'score');
    await page.click('form.filters button[type=submit]');
    const url = new URL(page.url());
    // The form's empty fields are dropped: the address bar holds the view's one canonical link.
    expect(url.pathname + url.search).toBe('/workloads?verdict=not-ready&group=payments&sort=score');
    const expected = latest.filter((w) => w.verdict === 'not-ready' && w.name.startsWith('payments/'));
    const rows = page.locator('table.list tbody tr');
    expect(await rows.count()).toBe(Math.min(50, expected.length));
    const scores = (await rows.locator('td.num:nth-of-type(4)').allTextContents()).map(Number);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
    expect(await fits(page)).toBe('fits');
    await shot(page, 'dashboard-500-filtered.png', true);

    // The CSV of this view: every matching workload, not just the page.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('p.exports a:text("CSV")')]);
    const csv = readFileSync((await download.path())!, 'utf8').trimEnd().split('\r\n');
    expect(csv).toHaveLength(1 + expected.length);
    expect(csv.slice(1).every((l) => l.split(',')[2] === 'not-ready')).toBe(true);

    await rows.first().locator('td.name a').click();
    const first = decodeURIComponent(new URL(page.url()).pathname.replace('/workloads/', ''));
    expect(first.startsWith('payments/deployment/')).toBe(true);
    // One point per change of state the history kept, and the latest sweep when it changed nothing.
    const kept = store.history(first, 100);
    const steady = kept[0]!.sweepId !== store.latestFor(first)!.sweepId;
    expect(await page.locator('svg.trend-chart circle').count()).toBe(kept.length + (steady ? 1 : 0));
    await shot(page, 'dashboard-500-workload.png', true);

    await page.goto(`${base}/`);
    const member = page.locator('.wave.w4 li a').first();
    const name = await member.textContent();
    await member.click();
    expect(await page.locator('.wl-name').textContent()).toBe(name);
    expect(await page.locator('.needs').count()).toBe(1);
    expect(failed).toEqual([]);
    await close();
  }, 90_000);

  it('the saved HTML report of the 500 opens offline, its table of contents opening the fold it links to', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'distroready-report-500-')), 'report.html');
    writeFileSync(file, renderReport(buildReport(latest.map((r) => expandResult(r, catalog)), catalog), 'html', { grouping: groupingFor('namespace') }));
    const { page, failed, close } = await newPage();
    await page.goto(`file://${file}`);
    expect(await page.locator('details.workload').count()).toBe(500);
    expect(await page.locator('details.workload[open]').count()).toBe(3);
    // Only the top of the report: measuring 100,000 elements would take longer than the test.
    expect(await page.locator('main > .split2 .card').evaluateAll((els) => els.filter((e) => (e as unknown as { scrollWidth: number; clientWidth: number }).scrollWidth > (e as unknown as { clientWidth: number }).clientWidth + 1).length)).toBe(0);
    await shot(page, 'report-500-first-screen.png');
    // A folded workload far down the page: its link in the contents opens its fold.
    const row = page.locator('#workloads + table tbody tr').nth(399);
    const name = await row.locator('td a').textContent();
    await row.locator('td a').click();
    expect(new URL(page.url()).hash).toBe('#workload-400');
    expect(await page.locator('details.workload:has(#workload-400)').getAttribute('open')).toBe('');
    expect(await page.locator('details.workload:has(#workload-400) .wl-name').textContent()).toBe(name);
    await shot(page, 'report-500-opened-section.png');
    expect(failed).toEqual([]);
    await close();
  }, 60_000);
});
