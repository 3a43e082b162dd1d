/**
 * `api.protectReads` guards everything that shows results — the JSON API, the report and
 * the HTML dashboard alike — and `api.protectMetrics` guards /metrics; probes of liveness
 * and readiness stay open (the kubelet sends no token).
 */
import request from 'supertest';
import { appFixture, sampleResult } from '../support/api/app-fixture';

const TOKEN = 'read-token';
const results = [sampleResult('checkout'), sampleResult('billing')];

describe('read protection', () => {
  const reads = ['/', '/api/v1/workloads', '/api/v1/workloads/checkout', '/api/v1/report?format=html'];

  it.each(reads)('GET %s is 401 without a token under protectReads, and shows nothing of the report', async (path) => {
    const { app } = appFixture({ results, access: { token: TOKEN, protectReads: true } });
    const res = await request(app).get(path).expect(401);
    expect(res.text).not.toContain('caveats');
    expect(res.body.error).toMatchObject({ code: 'UNAUTHORIZED', details: { field: 'header.authorization' } });
  });

  it.each(reads)('GET %s answers with the right token under protectReads', async (path) => {
    const { app } = appFixture({ results, access: { token: TOKEN, protectReads: true } });
    await request(app).get(path).set('Authorization', `Bearer ${TOKEN}`).expect(200);
  });

  it('GET / with a wrong token is 403', async () => {
    const { app } = appFixture({ results, access: { token: TOKEN, protectReads: true } });
    await request(app).get('/').set('Authorization', 'Bearer nope').expect(403);
  });

  it('the dashboard stays open without protectReads, even with a token set', async () => {
    const { app } = appFixture({ results, access: { token: TOKEN, protectReads: false } });
    expect((await request(app).get('/').expect(200)).text).toContain('checkout');
  });

  it('/metrics is 401 without a token under protectMetrics, 200 with it; /healthz and /readyz stay open', async () => {
    const { app } = appFixture({ results, access: { token: TOKEN, protectReads: true, protectMetrics: true } });
    await request(app).get('/metrics').expect(401);
    const ok = await request(app).get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    expect(ok.text).toContain('distroready_storage_write_failures_total');
    await request(app).get('/healthz').expect(200);
    await request(app).get('/readyz').expect(200);
  });

  it('/metrics stays open under protectReads alone (Prometheus scrapes it)', async () => {
    const { app } = appFixture({ results, access: { token: TOKEN, protectReads: true } });
    await request(app).get('/metrics').expect(200);
  });
});

describe('undecodable path parameters', () => {
  it.each([
    ['/api/v1/workloads/%ff', 'path.name'],
    ['/api/v1/workloads/%E0%A4%A/history', 'path.name'],
  ])('GET %s is a 400 naming %s, not the body', async (path, field) => {
    const { app } = appFixture({ results });
    const res = await request(app).get(path).expect(400);
    expect(res.body.error).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining(`${field} is not valid percent-encoding`), details: { field } });
  });

  it('POST /api/v1/workloads/%ff/probe names path.name too', async () => {
    const { app } = appFixture({ results });
    const res = await request(app).post('/api/v1/workloads/%ff/probe').expect(400);
    expect(res.body.error.details).toEqual({ field: 'path.name' });
  });
});
