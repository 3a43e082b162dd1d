/**
 * The dashboard in a real browser: distroready serves a config whose workloads are local
 * test servers (one healthy, one that answers nothing useful, one not listening at all);
 * Chromium (playwright-core, Debian's binary) opens `/` with JavaScript disabled, checks
 * that each workload shows the verdict the API reports, and saves a screenshot.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import pino from 'pino';
import { loadChecks } from '../../src/checks/load-checks';
import { loadConfig } from '../../src/config/load-config';
import type { WorkloadSummary } from '../../src/store/result-store';
import { startServer, type RunningServer } from '../../src/server';
import { freePort, requireBinary } from '../support/binaries';
import { httpServer, json, type TestServer } from '../support/servers';
import { eventually } from '../support/eventually';

const chromiumPath = requireBinary('chromium');
const ARTIFACTS = path.resolve(__dirname, '..', '..', 'test-artifacts');
const METRICS = `# HELP http_requests_total Requests served.
# TYPE http_requests_total counter
http_requests_total{route="/",code="200"} 42
# HELP http_request_duration_seconds Request latency.
# TYPE http_request_duration_seconds histogram
http_request_duration_seconds_bucket{le="0.1"} 40
http_request_duration_seconds_bucket{le="+Inf"} 42
http_request_duration_seconds_sum 1.5
http_request_duration_seconds_count 42
`;

(chromiumPath ? describe : describe.skip)('dashboard in Chromium', () => {
  let healthy: TestServer;
  let bare: TestServer;
  let running: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    healthy = await httpServer({
      '/livez': json(200, { status: 'ok' }),
      '/readyz': json(200, { status: 'ready' }),
      '/metrics': (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
        res.end(METRICS);
      },
    });
    bare = await httpServer({});
    const closedPort = await freePort();
    const dir = mkdtempSync(path.join(tmpdir(), 'distroready-dashboard-'));
    const file = path.join(dir, 'distroready.yaml');
    writeFileSync(
      file,
      `server: { port: 0, host: 127.0.0.1 }
otlp: { enabled: false }
sweep: { interval: 2s, timeout: 4s }
storage: { path: ${JSON.stringify(path.join(dir, 'history.db'))} }
workloads:
  - { name: storefront, url: ${JSON.stringify(healthy.url)}, health: { liveness: /livez, readiness: /readyz } }
  - { name: legacy-api, url: ${JSON.stringify(bare.url)} }
  - { name: batch-worker, url: "http://127.0.0.1:${closedPort}" }
`,
    );
    const checks = loadChecks();
    running = await startServer(loadConfig(file, {}, checks.ids), checks, pino({ level: 'silent' }));
    // Two sweeps, so every workload has a trend to draw.
    await eventually('two sweeps', 60_000, async () => (running.scheduler.completed >= 2 ? true : undefined));
    browser = await chromium.launch({ executablePath: chromiumPath!, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await running?.close();
    await Promise.all([healthy?.close(), bare?.close()]);
  });

  it('shows the verdicts the API reports, readable with JavaScript off, and saves a screenshot', async () => {
    const api = (await (await fetch(`${running.url}/api/v1/workloads`)).json()) as { workloads: WorkloadSummary[] };
    const expected = Object.fromEntries(api.workloads.map((w) => [w.name, w.verdict.replace('-', ' ')]));
    // The API lists by name (a stable order for paging); the dashboard keeps the config's.
    expect(Object.keys(expected)).toEqual(['batch-worker', 'legacy-api', 'storefront']);
    // Nothing answers at batch-worker's port: nothing live was judged, so its verdict is incomplete.
    expect(expected['batch-worker']).toBe('incomplete');

    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const failed: string[] = [];
    page.on('requestfailed', (r) => failed.push(r.url()));
    const response = await page.goto(`${running.url}/`);
    expect(response?.status()).toBe(200);

    const rows = await page.locator('table tbody tr').evaluateAll((trs) =>
      trs.map((tr) => [tr.querySelector('td a')?.textContent ?? '', tr.querySelector('.badge')?.textContent ?? '']),
    );
    expect(Object.fromEntries(rows)).toEqual(expected);
    const summary = await page.locator('.summary .stat .n').allTextContents();
    const count = (v: string): string => String(api.workloads.filter((w) => w.verdict === v).length);
    expect(summary).toEqual(['3', count('ready'), count('caveats'), count('not-ready'), count('incomplete')]);
    // Each workload with a score drew its trend from the two sweeps in its history.
    const scored = api.workloads.filter((w) => w.score !== null).length;
    expect(await page.locator('svg.trend').count()).toBe(scored);
    expect(await page.locator('.waves li').count()).toBe(3);
    expect(await page.locator('script').count()).toBe(0);
    expect(failed).toEqual([]); // self-contained: no request besides the page
    // The header links to the same report in the other formats; each one answers.
    const links = await page.locator('header nav a').evaluateAll((as) => as.map((a) => (a as unknown as { href: string }).href));
    expect(links.length).toBeGreaterThan(0);
    for (const href of links) expect((await fetch(href)).status).toBe(200);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard.png'), fullPage: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-first-screen.png') });
    await context.close();
  }, 30_000);
});
