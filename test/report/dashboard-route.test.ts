/**
 * The dashboard's routes over a store: the overview, the list and its URL-borne view, a
 * workload page at its encoded name, the exports of the current view, and the errors a
 * person meets — each page one page of workloads, never the fleet.
 */
import express from 'express';
import request from 'supertest';
import { dashboardRoutes, type DashboardOptions } from '../../src/api/dashboard-routes';
import { errorMiddleware } from '../../src/api/error-middleware';
import { silentLogger } from '../../src/telemetry/logger';
import type { WorkloadResult } from '../../src/model';
import { groupingFor } from '../../src/report/grouping';
import { CONTENT_SECURITY_POLICY } from '../../src/report/html-page';
import { MemoryStore } from '../../src/store/memory-store';
import { workloadResult } from '../support/results';
import { loadReport } from './support';

function appWith(store: MemoryStore, options: DashboardOptions = {}): express.Express {
  const app = express();
  app.set('query parser', 'simple');
  app.use(dashboardRoutes(store, options));
  app.use(errorMiddleware(silentLogger()));
  return app;
}

/** The fleet fixture twice: an earlier sweep 20 points lower, then the latest. */
function fleetStore(): MemoryStore {
  const store = new MemoryStore();
  const latest = loadReport('fleet').workloads;
  store.save(latest.map((w): WorkloadResult => ({ ...w, score: w.score === null ? null : Math.max(0, w.score - 20), sweepId: 'earlier', probedAt: '2026-11-29T11:00:00.000Z' })));
  store.save(latest);
  return store;
}

/** `count` workloads named `ns-N/deployment/app-M` (discovered-style, with slashes), scores spread out. */
function manyStore(count: number): MemoryStore {
  const store = new MemoryStore();
  const template = loadReport('fleet').workloads[2]!; // legacy: not ready, with a blocker
  store.save(
    Array.from({ length: count }, (_, i) => ({ ...template, name: `ns-${i % 7}/deployment/app-${String(i).padStart(4, '0')}`, score: i % 101, labels: undefined })),
  );
  return store;
}

const rowNames = (html: string): string[] => [...html.matchAll(/<td class="name"><a href="[^"]+">(.+?)<\/a>/g)].map((m) => m[1]!.replace(/<wbr>/g, ''));

describe('the overview', () => {
  it('opens with counts by verdict, each linking to its filtered list, and the strict policy', async () => {
    const res = await request(appWith(fleetStore())).get('/').expect(200);
    expect(res.type).toBe('text/html');
    expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers['content-security-policy']).toMatch(/default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'/);
    expect(res.headers['cache-control']).toBe('no-store');
    for (const v of ['ready', 'caveats', 'not-ready', 'incomplete']) expect(res.text).toContain(`href="/workloads?verdict=${v}"`);
    expect(res.text).not.toMatch(/<script/i);
  });

  it('lists the top failing checks with how many workloads each blocks and its fix', async () => {
    const res = await request(appWith(fleetStore())).get('/').expect(200);
    expect(res.text).toMatch(/<a href="\/workloads\?check=shellExecProbe"><code>shellExecProbe<\/code><\/a>.*?<strong class="blocks">1<\/strong>.*?Replace the exec probe with an httpGet probe/);
  });

  it('groups by the configured label', async () => {
    const res = await request(appWith(fleetStore(), { grouping: groupingFor('team') })).get('/').expect(200);
    expect(res.text).toContain('Readiness by team');
    expect(res.text).toContain('<a href="/workloads?group=shop">shop</a>');
  });

  it('keeps a 200-member wave to a few names and one link to all of them, never a dead "+N more"', async () => {
    const res = await request(appWith(manyStore(300))).get('/').expect(200);
    const wave3 = /<div class="wave w3"[\s\S]*?<\/div>/.exec(res.text)![0];
    expect(wave3.match(/<li>/g)).toHaveLength(8);
    expect(wave3).toContain('<a class="all" href="/workloads?verdict=not-ready">all 300 in this wave →</a>');
    // Every "+N more" on the page is a link.
    expect(res.text.match(/\+\d+ more/g)?.length ?? 0).toBe(res.text.match(/<a class="more" href="[^"]+">\+\d+ more<\/a>/g)?.length ?? 0);
    // Namespaces of discovered names are the first segment.
    expect(res.text).toContain('<a href="/workloads?group=ns-3">ns-3</a>');
  });

  it('says the first sweep is running, and reloads itself, while the store is empty', async () => {
    const res = await request(appWith(new MemoryStore())).get('/').expect(200);
    expect(res.text).toContain('The first sweep is still running');
    expect(res.text).toContain('<meta http-equiv="refresh" content="5">');
  });
});

describe('the workload list', () => {
  it('pages: 50 rows of 1,000, with links to the others', async () => {
    const res = await request(appWith(manyStore(1000))).get('/workloads?page=3').expect(200);
    expect(rowNames(res.text)).toHaveLength(50);
    // Name order: ns-0 holds every 7th workload, so its 101st is app-0700.
    expect(rowNames(res.text)[0]).toBe('ns-0/deployment/app-0700');
    expect(res.text).toContain('101–150 of 1000');
    expect(res.text).toContain('href="/workloads?page=2">← previous</a>');
    expect(res.text).toContain('href="/workloads?page=20">20</a>');
  });

  it('filters by verdict, group, probe status, failed check and name, all from the URL', async () => {
    const store = fleetStore();
    const app = appWith(store, { grouping: groupingFor('team') });
    const names = async (qs: string): Promise<string[]> => rowNames((await request(app).get(`/workloads${qs}`).redirects(1).expect(200)).text);
    expect(await names('?verdict=caveats')).toEqual(['catalog']);
    expect(await names('?group=shop')).toEqual(['catalog', 'checkout']);
    expect(await names('?probe=traces&status=error')).toEqual(['legacy']);
    expect(await names('?status=error')).toEqual(['batch-job', 'legacy']);
    expect(await names('?probe=logs')).toEqual(['catalog', 'legacy']); // logs with a problem: warn, fail
    expect(await names('?check=shellExecProbe')).toEqual(['legacy']);
    expect(await names('?q=CAT')).toEqual(['catalog']);
    // A form sends empty fields for "any": they filter nothing, and the answer is the view's canonical link.
    expect(await names('?q=&verdict=&group=&probe=&status=&check=&sort=name')).toEqual(['batch-job', 'catalog', 'checkout', 'legacy']);
    const form = await request(app).get('/workloads?q=cat&verdict=&group=&sort=name&limit=50').expect(302);
    expect(form.headers.location).toBe('/workloads?q=cat');
  });

  it('sorts by score, name, and change since the last sweep', async () => {
    const store = fleetStore();
    // catalog drops 30 in a third sweep; the others keep their score.
    const catalog = store.latestFor('catalog')!;
    store.save([{ ...catalog, score: 53, sweepId: 'third', probedAt: '2026-11-29T13:00:00.000Z' }]);
    const app = appWith(store);
    const names = async (qs: string): Promise<string[]> => rowNames((await request(app).get(`/workloads${qs}`).expect(200)).text);
    expect(await names('?sort=score')).toEqual(['legacy', 'catalog', 'checkout', 'batch-job']);
    expect(await names('?sort=-score')).toEqual(['checkout', 'catalog', 'legacy', 'batch-job']);
    expect(await names('?sort=-name')).toEqual(['legacy', 'checkout', 'catalog', 'batch-job']);
    expect(await names('?sort=change')).toEqual(['catalog', 'checkout', 'legacy', 'batch-job']);
    const res = await request(app).get('/workloads?sort=change').expect(200);
    expect(res.text).toContain('<span class="delta down">▼ −30</span>');
    expect(res.text).toContain('<span class="delta up">▲ +20</span>');
  });

  it('answers an unknown parameter or value with a 400 page that names it', async () => {
    const app = appWith(fleetStore());
    const bad = await request(app).get('/workloads?verdcit=ready').expect(400);
    expect(bad.type).toBe('text/html');
    expect(bad.text).toContain('query.verdcit: unknown parameter');
    expect((await request(app).get('/workloads?sort=speed').expect(400)).text).toContain('query.sort: &quot;speed&quot; is not one of name, -name, score, -score, change, -change');
    expect((await request(app).get('/workloads?limit=100000').expect(400)).text).toContain('query.limit: &quot;100000&quot; is not a whole number from 1 to 200');
  });
});

describe('a workload page', () => {
  it('lives at the URL-encoded name, also with raw slashes', async () => {
    const app = appWith(manyStore(3));
    const encoded = await request(app).get(`/workloads/${encodeURIComponent('ns-1/deployment/app-0001')}`).expect(200);
    expect(encoded.text).toContain('<span class="wl-name">ns-1/deployment/app-0001</span>');
    const raw = await request(app).get('/workloads/ns-1/deployment/app-0001').expect(200);
    expect(raw.text).toBe(encoded.text);
    expect(encoded.text).toContain('href="/api/v1/workloads/ns-1%2Fdeployment%2Fapp-0001"');
  });

  it('draws the history on a fixed 0–100 axis with the configured thresholds', async () => {
    const res = await request(appWith(fleetStore(), { thresholds: { readyScore: 80, notReadyBelow: 40 } })).get('/workloads/legacy').expect(200);
    expect(res.text).toContain('<svg class="trend-chart"');
    for (const tick of ['>0<', '>25<', '>50<', '>75<', '>100<']) expect(res.text).toContain(tick);
    expect(res.text).toContain('ready ≥ 80');
    expect(res.text).toContain('not ready &lt; 40');
    expect(res.text).toMatch(/<circle class="v-not-ready"[^>]*><title>2026-11-29 11:00 UTC: score 18 \(not ready\)<\/title>/);
    expect(res.text).toMatch(/<td class="num">38<\/td><td class="num"><span class="delta up">\+20<\/span>/);
  });

  it('is a 404 page for a name it does not list', async () => {
    const res = await request(appWith(fleetStore(), { workloadNames: () => ['checkout'] })).get('/workloads/legacy').expect(404);
    expect(res.text).toContain('no results for a workload named &quot;legacy&quot;');
  });
});

describe('exports', () => {
  it('downloads the current view as CSV, every page of it', async () => {
    const res = await request(appWith(manyStore(120))).get('/export.csv?group=ns-2&sort=-score&page=2').expect(200);
    expect(res.type).toBe('text/csv');
    expect(res.headers['content-disposition']).toBe('attachment; filename="distroready-workloads.csv"');
    const lines = res.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('name,namespace,verdict,score,previous_score,change,wave,blockers,failed_checks,probe_logs,probe_metrics,probe_traces,probe_health,probe_shell,probe_base,needs,probed_at');
    expect(lines).toHaveLength(1 + 17); // 120 workloads over 7 namespaces: 17 in ns-2, the page ignored
    const scores = lines.slice(1).map((l) => Number(l.split(',')[3]));
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it.each([
    ['html', /^<!doctype html>[\s\S]*<h2 id="workloads">Workloads <span class="count">1<\/span>/],
    ['md', /^# distroready — distroless readiness report\n[\s\S]*\| \[legacy\]\(#workload-1\) \|/],
    ['json', /^\{\n {2}"version": 1,[\s\S]*"name": "legacy"/],
  ])('downloads the current view as the %s report', async (format, shape) => {
    const res = await request(appWith(fleetStore())).get(`/export.${format}?verdict=not-ready`).expect(200);
    expect(res.text).toMatch(shape);
  });
});

describe('access and hostile text', () => {
  it('asks for the token on every page when reads are protected', async () => {
    const app = appWith(fleetStore(), { access: { token: 's3cret', protectReads: true } });
    for (const path of ['/', '/workloads', '/workloads/legacy', '/checks', '/groups', '/export.csv']) await request(app).get(path).expect(401);
    await request(app).get('/workloads/legacy').set('Authorization', 'Bearer s3cret').expect(200);
  });

  it('escapes what a hostile workload put in its results, on every page and in the CSV', async () => {
    const store = new MemoryStore();
    const hostile = loadReport('hostile').workloads[0]!;
    store.save([hostile, workloadResult({ name: '=cmd|calc', score: 10, verdict: 'not-ready' })]);
    const app = appWith(store);
    for (const path of ['/', '/workloads', `/workloads/${encodeURIComponent(hostile.name)}`, '/checks', '/groups']) {
      const res = await request(app).get(path).expect(200);
      expect(res.text).not.toMatch(/<script|<img|<svg onload|<b>/i);
    }
    const page = await request(app).get(`/workloads/${encodeURIComponent(hostile.name)}`).expect(200);
    expect(page.text).toContain('evil &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    const csv = await request(app).get('/export.csv?sort=name').expect(200);
    expect(csv.text).toContain(`\r\n'=cmd|calc,`);
    expect(csv.text).toContain('"evil <script>alert(""x"")</script> & ""quotes"" | \'pipes\'"');
  });
});
