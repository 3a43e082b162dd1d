import request from 'supertest';
import { appFixture, sampleResult } from '../support/api/app-fixture';
import { FakeRunner } from '../support/api/fake-runner';
import { expectDocumented } from '../support/api/openapi-conformance';

const TOKEN = 's3cret-token';

/** The endpoints that make distroready send traffic, as supertest calls. */
const trafficEndpoints: [string, string, 'get' | 'post', (r: request.Agent) => request.Test][] = [
  ['POST /api/v1/workloads/checkout/probe', '/api/v1/workloads/{name}/probe', 'post', (r) => r.post('/api/v1/workloads/checkout/probe')],
  ['POST /api/v1/checks', '/api/v1/checks', 'post', (r) => r.post('/api/v1/checks').send({ url: 'http://127.0.0.1:9/' })],
  ['GET /probe', '/probe', 'get', (r) => r.get('/probe?target=127.0.0.1:9')],
];

describe('access control', () => {
  describe.each(trafficEndpoints)('%s with api.token set', (_label, path, method, call) => {
    it('answers 401 with a JSON error and WWW-Authenticate when no token is sent, and sends no traffic', async () => {
      const runner = new FakeRunner();
      const { app } = appFixture({ runner, access: { token: TOKEN, protectReads: false } });
      const res = await call(request.agent(app)).expect(401);
      expectDocumented(res, path, method);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="distroready"');
      expect(res.body.error).toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringContaining('Authorization: Bearer'), details: { field: 'header.authorization' } });
      expect(runner.calls).toEqual([]);
    });

    it.each([['a wrong token', `Bearer not-${TOKEN}`], ['a token that only shares a prefix', `Bearer ${TOKEN.slice(0, -1)}`]])('answers 403 for %s', async (_case, header) => {
      const runner = new FakeRunner();
      const { app } = appFixture({ runner, access: { token: TOKEN, protectReads: false } });
      const res = await call(request.agent(app)).set('Authorization', header).expect(403);
      expectDocumented(res, path, method);
      expect(res.body.error).toEqual({ code: 'FORBIDDEN', message: 'the bearer token does not match api.token', details: { field: 'header.authorization' } });
      expect(runner.calls).toEqual([]);
    });

    it('admits the right token', async () => {
      const runner = new FakeRunner();
      const { app } = appFixture({ runner, access: { token: TOKEN, protectReads: false } });
      const res = await call(request.agent(app)).set('Authorization', `bearer ${TOKEN}`).expect(200);
      expectDocumented(res, path, method);
      expect(runner.calls).toHaveLength(1);
    });
  });

  it('leaves traffic endpoints open when no token is configured', async () => {
    const runner = new FakeRunner();
    const { app } = appFixture({ runner, access: { protectReads: false } });
    await request(app).post('/api/v1/workloads/checkout/probe').expect(200);
    expect(runner.calls).toEqual([{ kind: 'workload', name: 'checkout' }]);
  });

  it('leaves reads open with a token unless protectReads is set', async () => {
    const open = appFixture({ results: [sampleResult('checkout')], access: { token: TOKEN, protectReads: false } });
    await request(open.app).get('/api/v1/workloads').expect(200);
    await request(open.app).get('/api/v1/report').expect(200);

    const locked = appFixture({ results: [sampleResult('checkout')], access: { token: TOKEN, protectReads: true } });
    for (const path of ['/api/v1/workloads', '/api/v1/workloads/checkout', '/api/v1/workloads/checkout/history', '/api/v1/report']) {
      const res = await request(locked.app).get(path).expect(401);
      expect(res.body.error.code).toBe('UNAUTHORIZED');
    }
    await request(locked.app).get('/api/v1/workloads').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    // The document describes the API; it holds no results, so it stays readable.
    await request(locked.app).get('/api/v1/openapi.json').expect(200);
  });
});
