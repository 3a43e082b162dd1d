/**
 * The dashboard's routes over a store: the overview, the list and its URL-borne view, a
 * workload page at its encoded name, the exports of the current view, and the errors a
 * person meets — each page one page of workloads, never the fleet.
 */
import express from 'express';
import request from 'supertest';
import { dashboardRoutes, type DashboardOptions } from '../../src/api/dashboard-routes';
import { errorMiddleware } from '../../src/api/error-middleware';
import { createReportService } from '../../src/api/report-service';
import { silentLogger } from '../../src/telemetry/logger';
import type { WorkloadResult } from '../../src/model';
import { groupingFor } from '../../src/report/grouping';
import { escapeHtml } from '../../src/report/escape';
import { checkText } from '../../src/report/expand-result';
import { CONTENT_SECURITY_POLICY } from '../../src/report/html-page';
import { MemoryStore } from '../../src/store/memory-store';
import { workloadResult } from '../support/results';
import { testCatalog } from '../support/catalog';
import { loadReport } from '../support/report';

function appWith(store: MemoryStore, options: Partial<DashboardOptions> = {}): express.Express {
  const app = express();
  app.set('query parser', 'simple');
  app.use(dashboardRoutes(store, { catalog: testCatalog(), reports: createReportService(store, testCatalog(), silentLogger()), ...options }));
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
    expect(res.text).toMatch(/<a href="\/workloads\?check=shellExecProbe"><code>shellExecProbe<\/code><\/a>.*?<strong class="blocks">1<\/strong>/);
    // The fix is the check's own words, from the catalog (results keep no words since the fleet work).
    expect(res.text).toContain(escapeHtml(checkText(testCatalog(), 'shellExecProbe')!.remediation));
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

describe('the work a page costs', () => {
  /** Counts what each request asks of the store: parsed results and history reads. */
  function counted(store: MemoryStore): { parsed: () => number; histories: () => number } {
    let parsed = 0;
    let histories = 0;
    const latestFor = store.latestFor.bind(store);
    const history = store.history.bind(store);
    store.latestFor = (name) => {
      parsed += 1;
      return latestFor(name);
    };
    store.history = (name, limit) => {
      histories += 1;
      return history(name, limit);
    };
    return { parsed: () => parsed, histories: () => histories };
  }

  it('at 1,000 workloads a page parses no result once the rows are built, and reads history for its own rows only', async () => {
    const store = manyStore(1000);
    const names = store.latest().map((r) => r.name);
    const count = counted(store);
    const app = appWith(store, { workloadNames: () => names });
    await request(app).get('/').expect(200);
    // The first page after a sweep builds each row once: one parse and one two-entry history read per workload.
    expect(count.parsed()).toBe(1000);
    expect(count.histories()).toBe(1000);
    for (const url of ['/', '/workloads', '/workloads?verdict=not-ready&sort=-score&page=4', '/checks', '/groups']) {
      const [parsed, histories] = [count.parsed(), count.histories()];
      const res = await request(app).get(url).expect(200);
      expect(count.parsed() - parsed).toBe(0);
      expect(count.histories() - histories).toBeLessThanOrEqual(50);
      expect(rowNames(res.text).length).toBeLessThanOrEqual(50);
    }
    const parsed = count.parsed();
    await request(app).get(`/workloads/${encodeURIComponent(names[500]!)}`).expect(200);
    expect(count.parsed() - parsed).toBe(1);
  });

  it('rebuilds only the rows of workloads whose result changed', async () => {
    const store = manyStore(200);
    const names = store.latest().map((r) => r.name);
    const count = counted(store);
    const app = appWith(store, { workloadNames: () => names });
    await request(app).get('/workloads').expect(200);
    const before = count.parsed();
    store.save([{ ...store.latestFor(names[7]!)!, score: 3, probedAt: '2026-12-02T00:00:00.000Z', sweepId: 'next' }]);
    const res = await request(app).get(`/export.csv?q=${encodeURIComponent(names[7]!)}`).expect(200);
    expect(count.parsed() - before).toBe(2); // the save's own read above, and the one changed row
    expect(res.text.split('\r\n')[1]!.split(',').slice(0, 4)).toEqual([names[7], 'ns-0', 'not-ready', '3']);
  });

  it('keeps to the configured workloads: an ad-hoc result in the store is on no page', async () => {
    const store = fleetStore();
    store.save([workloadResult({ name: 'ad-hoc-target', verdict: 'not-ready', score: 1 })]);
    const app = appWith(store, { workloadNames: () => ['legacy', 'checkout'] });
    const list = await request(app).get('/workloads').expect(200);
    expect(rowNames(list.text)).toEqual(['checkout', 'legacy']);
    expect((await request(app).get('/').expect(200)).text).not.toContain('ad-hoc-target');
    await request(app).get('/workloads/ad-hoc-target').expect(404);
  });

  it('renders a report export of the current view through the report service, for that view only', async () => {
    const store = fleetStore();
    const reports = createReportService(store, testCatalog(), silentLogger());
    const asked: string[][] = [];
    const render = reports.render.bind(reports);
    reports.render = (format, names, groupBy) => {
      asked.push([format, groupBy ?? '', ...names]);
      return render(format, names, groupBy);
    };
    const app = appWith(store, { reports, grouping: groupingFor('team') });
    const md = await request(app).get('/export.md?verdict=not-ready').expect(200);
    expect(md.text).toContain('## Readiness by team');
    const json = await request(app).get('/export.json?sort=-name').expect(200);
    const names = (JSON.parse(json.text) as { workloads: { name: string }[] }).workloads.map((w) => w.name);
    expect(names).toEqual([...names].sort().reverse());
    expect(asked).toEqual([
      ['md', 'team', ...store.latest().filter((r) => r.verdict === 'not-ready').map((r) => r.name).sort()],
      ['json', 'team', ...names],
    ]);
  });
});
