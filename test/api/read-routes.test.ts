import request from 'supertest';
import { groupingFor } from '../../src/report/grouping';
import { REPORT_FORMATS, REPORT_MEDIA_TYPES } from '../../src/report/render';
import { appFixture, sampleResult } from '../support/api/app-fixture';
import { expectDocumented } from '../support/api/openapi-conformance';

describe('read endpoints', () => {
  const checkout = sampleResult('checkout', { score: 95, verdict: 'ready' });
  const removed = sampleResult('removed-from-config');

  it('lists the configured workloads in config order, leaving out ones no longer configured', async () => {
    const { app } = appFixture({ workloads: ['billing', 'checkout'], results: [checkout, removed, sampleResult('billing')] });
    const res = await request(app).get('/api/v1/workloads').expect(200);
    expectDocumented(res, '/api/v1/workloads', 'get');
    expect((res.body as { workloads: { name: string }[] }).workloads.map((w) => w.name)).toEqual(['billing', 'checkout']);
  });

  it('answers one workload, 404 for an unknown name and 503 before its first probe', async () => {
    const { app } = appFixture({ results: [checkout] });
    const ok = await request(app).get('/api/v1/workloads/checkout').expect(200);
    expectDocumented(ok, '/api/v1/workloads/{name}', 'get');
    expect(ok.body).toMatchObject({ name: 'checkout', score: 95, verdict: 'ready' });

    const missing = await request(app).get('/api/v1/workloads/nope').expect(404);
    expectDocumented(missing, '/api/v1/workloads/{name}', 'get');
    expect(missing.body.error).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('"nope"') });

    const pending = await request(app).get('/api/v1/workloads/billing').expect(503);
    expectDocumented(pending, '/api/v1/workloads/{name}', 'get');
    expect(pending.headers['retry-after']).toBe('5');
  });

  it('lists cluster results with where they live, and the judged workloads for Prometheus service discovery', async () => {
    const cluster = sampleResult('shop/deployment/checkout', { cluster: { namespace: 'shop', kind: 'Deployment', name: 'checkout', team: 'orders', pod: 'checkout-1' } });
    const { app } = appFixture({ workloads: ['shop/deployment/checkout'], results: [cluster] });
    expectDocumented(await request(app).get('/api/v1/workloads').expect(200), '/api/v1/workloads', 'get');
    const sd = await request(app).get('/api/v1/targets').expect(200);
    expectDocumented(sd, '/api/v1/targets', 'get');
  });

  it('answers history newest first, bounded by limit', async () => {
    const { app, store } = appFixture();
    store.save([sampleResult('checkout', { sweepId: 'one', score: 40, verdict: 'not-ready' })]);
    store.save([sampleResult('checkout', { sweepId: 'two', score: 95, verdict: 'ready' })]);
    const res = await request(app).get('/api/v1/workloads/checkout/history?limit=1').expect(200);
    expectDocumented(res, '/api/v1/workloads/{name}/history', 'get');
    expect(res.body).toEqual({ workload: 'checkout', history: [{ sweepId: 'two', probedAt: '2026-01-01T10:00:00.000Z', score: 95, verdict: 'ready', probes: { health: 'pass', shell: 'skip' }, changes: [] }] });
  });

  it.each([
    ['0', 'query.limit must be >= 1'],
    ['5000', 'query.limit must be <= 1000'],
    ['ten', 'query.limit must be integer'],
  ])('refuses history?limit=%s with a 400 naming the field', async (limit, message) => {
    const { app } = appFixture();
    const res = await request(app).get(`/api/v1/workloads/checkout/history?limit=${limit}`).expect(400);
    expectDocumented(res, '/api/v1/workloads/{name}/history', 'get');
    expect(res.body.error).toEqual({ code: 'BAD_REQUEST', message, details: { field: 'query.limit' } });
  });

  it('renders the report as JSON by default and as text on request', async () => {
    const { app } = appFixture({ results: [checkout] });
    const json = await request(app).get('/api/v1/report').expect(200);
    expectDocumented(json, '/api/v1/report', 'get');
    expect(json.body).toMatchObject({ version: 1, summary: { workloads: 1, ready: 1, caveats: 0, notReady: 0 } });
    const text = await request(app).get('/api/v1/report?format=text').expect(200);
    expectDocumented(text, '/api/v1/report', 'get');
    expect(text.text).toContain('checkout: ready (score 95)');
  });

  it.each(REPORT_FORMATS.map((f) => [f]))('serves the report as %s, as the document says', async (format) => {
    const { app } = appFixture({ results: [checkout] });
    const res = await request(app).get(`/api/v1/report?format=${format}`).expect(200);
    expectDocumented(res, '/api/v1/report', 'get');
    expect(res.headers['content-type']).toBe(REPORT_MEDIA_TYPES[format]);
    // SARIF carries only findings with a file and line; this fixture has none to name.
    if (format === 'sarif') expect(JSON.parse(res.text)).toMatchObject({ version: '2.1.0' });
    else expect(res.text).toContain('checkout');
  });

  it('groups the report\'s overview by report.groupBy, as the dashboard does', async () => {
    const team = (name: string, t: string) => sampleResult(name, { labels: { team: t } });
    const { app } = appFixture({ results: [team('checkout', 'payments'), team('billing', 'money')], dashboard: { grouping: groupingFor('team') } });
    const md = await request(app).get('/api/v1/report?format=md').expect(200);
    expect(md.text).toContain('## Readiness by team');
    expect(md.text).toMatch(/payments/);
  });

  it('refuses an unknown report format, listing the known ones', async () => {
    const { app } = appFixture();
    const res = await request(app).get('/api/v1/report?format=pdf').expect(400);
    expectDocumented(res, '/api/v1/report', 'get');
    expect(res.body.error.details).toEqual({ field: 'query.format' });
    expect(res.body.error.message).toMatch(/^query\.format must be one of text, json/);
  });

  it('serves its OpenAPI 3.1 document, which lists every route', async () => {
    const { app } = appFixture();
    const res = await request(app).get('/api/v1/openapi.json').expect(200);
    expectDocumented(res, '/api/v1/openapi.json', 'get');
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths).sort()).toEqual(
      ['/', '/api/v1/checks', '/api/v1/openapi.json', '/api/v1/report', '/api/v1/targets', '/api/v1/workloads', '/api/v1/workloads/{name}', '/api/v1/workloads/{name}/history', '/api/v1/workloads/{name}/probe', '/healthz', '/metrics', '/probe', '/readyz'].sort(),
    );
  });

  it('documents the ops endpoints and the dashboard', async () => {
    const { app } = appFixture();
    expectDocumented(await request(app).get('/healthz').expect(200), '/healthz', 'get');
    expectDocumented(await request(app).get('/readyz').expect(200), '/readyz', 'get');
    expectDocumented(await request(app).get('/metrics').expect(200), '/metrics', 'get');
    expectDocumented(await request(app).get('/').expect(200), '/', 'get');
  });
});
