import request from 'supertest';
import { MemoryStore } from '../../src/store/memory-store';
import { requireBinary } from '../support/binaries';
import { appFixture } from '../support/api/app-fixture';
import { expectDocumented } from '../support/api/openapi-conformance';
import { promtoolCheckMetrics } from '../support/api/promtool';
import { realRunner } from '../support/api/real-runner';
import { startWorkloadServer, type WorkloadServer } from '../support/api/workload-server';

describe('probing through the API, against a real local workload', () => {
  let workload: WorkloadServer;
  beforeEach(async () => {
    workload = await startWorkloadServer();
  });
  afterEach(() => workload.close());

  const fixture = (o: { allowTargets?: string[]; concurrency?: number; maxWaiting?: number } = {}): ReturnType<typeof appFixture> => {
    const store = new MemoryStore();
    const runner = realRunner({ workloadUrl: workload.url, onResult: (r) => store.save([r]), ...o });
    return appFixture({ workloads: ['local'], runner, store });
  };

  it('POST /workloads/{name}/probe probes it now, stores and returns the result', async () => {
    const { app } = fixture();
    const res = await request(app).post('/api/v1/workloads/local/probe').expect(200);
    expectDocumented(res, '/api/v1/workloads/{name}/probe', 'post');
    expect(res.body).toMatchObject({ name: 'local', probes: { health: { status: expect.stringMatching(/^(pass|warn|fail)$/) } } });
    expect(workload.hits).toEqual(expect.arrayContaining(['/livez', '/readyz']));

    const stored = await request(app).get('/api/v1/workloads/local').expect(200);
    expect(stored.body.sweepId).toBe(res.body.sweepId);
    const history = await request(app).get('/api/v1/workloads/local/history').expect(200);
    expect(history.body.history).toHaveLength(1);
  });

  it('POST /workloads/{name}/probe answers 404 for a workload not in the config', async () => {
    const { app } = fixture();
    const res = await request(app).post('/api/v1/workloads/elsewhere/probe').expect(404);
    expectDocumented(res, '/api/v1/workloads/{name}/probe', 'post');
    expect(workload.hits).toEqual([]);
  });

  it('POST /checks probes an ad-hoc URL with the chosen probes and stores nothing', async () => {
    const { app } = fixture();
    const res = await request(app).post('/api/v1/checks').send({ url: workload.url, probes: ['health'] }).expect(200);
    expectDocumented(res, '/api/v1/checks', 'post');
    expect(res.body.name).toBe(`127.0.0.1:${workload.port}`);
    expect(Object.keys(res.body.probes)).toEqual(['health']);
    expect(workload.hits.length).toBeGreaterThan(0);
    const list = await request(app).get('/api/v1/workloads').expect(200);
    expect(list.body.workloads).toEqual([]);
  });

  it.each([
    ['a missing url', {}, 'body.url is required', 'body.url'],
    ['a non-http url', { url: 'file:///etc/passwd' }, 'body.url must be an http:// or https:// URL', 'body.url'],
    ['an unknown probe', { url: 'http://127.0.0.1:1', probes: ['health', 'vibes'] }, 'body.probes[1] must be one of logs, metrics, traces, health, shell, base', 'body.probes[1]'],
    ['an empty probe list', { url: 'http://127.0.0.1:1', probes: [] }, 'body.probes must NOT have fewer than 1 items', 'body.probes'],
    ['an unknown key', { url: 'http://127.0.0.1:1', run: ['sh'] }, 'body.run is not a known field; allowed: url, probes', 'body.run'],
    ['a url that is not a string', { url: 42 }, 'body.url must be string', 'body.url'],
  ])('POST /checks refuses %s with a 400 naming the field', async (_case, body, message, field) => {
    const { app } = fixture();
    const res = await request(app).post('/api/v1/checks').send(body).expect(400);
    expectDocumented(res, '/api/v1/checks', 'post');
    expect(res.body.error).toEqual({ code: 'BAD_REQUEST', message, details: { field } });
  });

  it('POST /checks refuses a body that is not JSON, or too large', async () => {
    const { app } = fixture();
    const text = await request(app).post('/api/v1/checks').type('text/plain').send('http://127.0.0.1:1').expect(400);
    expect(text.body.error.message).toBe('body: send a JSON body with Content-Type: application/json');
    const broken = await request(app).post('/api/v1/checks').type('application/json').send('{"url": ').expect(400);
    expect(broken.body.error).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/^body is not valid JSON \(.+\); send a JSON object$/), details: { field: 'body' } });
    const huge = await request(app).post('/api/v1/checks').send({ url: `http://127.0.0.1:1/${'a'.repeat(70_000)}` }).expect(413);
    expect(huge.body.error).toEqual({ code: 'PAYLOAD_TOO_LARGE', message: 'body is larger than the 65536-byte limit', details: { field: 'body' } });
  });

  it.each([
    ['a loopback target outside the allow-list', ['10.0.0.0/8'], () => workload.url, /127\.0\.0\.1 \(127\.0\.0\.1\) is outside api\.allowTargets/],
    ['a name resolving outside the allow-list', ['10.0.0.0/8'], () => `http://localhost:${workload.port}`, /is outside api\.allowTargets/],
    ['the cloud metadata address, even when a CIDR covers it', ['0.0.0.0/0'], () => 'http://169.254.169.254/latest/meta-data/', /169\.254\.169\.254 is link-local or a cloud metadata address/],
    ['the metadata address written as IPv4-mapped IPv6', ['0.0.0.0/0', '::/0'], () => 'http://[::ffff:169.254.169.254]/', /169\.254\.169\.254 is link-local or a cloud metadata address/],
  ])('POST /checks answers 403 for %s, before any traffic', async (_case, allowTargets, url, reason) => {
    const { app } = fixture({ allowTargets });
    const res = await request(app).post('/api/v1/checks').send({ url: url() }).expect(403);
    expectDocumented(res, '/api/v1/checks', 'post');
    expect(res.body.error.code).toBe('FORBIDDEN');
    expect(res.body.error.message).toMatch(reason);
    expect(res.body.error.message).toMatch(/add its range to api\.allowTargets/);
    expect(workload.hits).toEqual([]);
  });

  it('queues an ad-hoc probe behind a busy one, and answers 503 with Retry-After only when the line is full', async () => {
    const { app } = fixture({ concurrency: 1, maxWaiting: 1 });
    const waiting = workload.hold();
    const first = request(app).post('/api/v1/checks').send({ url: workload.url }).then((r) => r);
    await waiting;
    const second = request(app).post('/api/v1/checks').send({ url: workload.url }).then((r) => r);
    // The second waits its turn; a third finds the line full.
    await new Promise((r) => setTimeout(r, 50));
    const busy = await request(app).post('/api/v1/checks').send({ url: workload.url }).expect(503);
    expectDocumented(busy, '/api/v1/checks', 'post');
    expect(Number(busy.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(busy.body.error.message).toMatch(/raise api\.probeConcurrency/);
    workload.release();
    expect((await first).status).toBe(200);
    expect((await second).status).toBe(200);
  });

  describe('GET /probe (multi-target exporter)', () => {
    const promtool = requireBinary('promtool');

    it('answers the target\'s readiness as Prometheus metrics', async () => {
      const { app } = fixture();
      const res = await request(app).get(`/probe?target=127.0.0.1:${workload.port}&probes=health`).expect(200);
      expectDocumented(res, '/probe', 'get');
      expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(res.text).toMatch(new RegExp(`^distroready_workload_score\\{workload="127\\.0\\.0\\.1:${workload.port}"\\} \\d+$`, 'm'));
      expect(res.text).toMatch(/^distroready_probe_passed\{workload="[^"]+",probe="health"\} [01]$/m);
      expect(res.text).toMatch(/^distroready_target_probe_success 1$/m);
      // A fresh registry per request: none of distroready's own series leak in.
      expect(res.text).not.toMatch(/process_cpu|http_server_request_duration|distroready_last_sweep/);
    });

    (promtool ? it : it.skip)('passes promtool check metrics with no findings', async () => {
      const { app } = fixture();
      const res = await request(app).get(`/probe?target=${encodeURIComponent(workload.url)}`).expect(200);
      expect(promtoolCheckMetrics(promtool!, res.text)).toEqual({ status: 0, findings: '' });
    });

    it.each([
      ['no target', '/probe', 400, 'query.target is required'],
      ['two targets', '/probe?target=a:1&target=b:2', 400, 'query.target must be string'],
      ['an unknown probe', '/probe?target=127.0.0.1:1&probes=health,vibes', 400, 'query.probes must match'],
      ['a target outside the allow-list', '/probe?target=169.254.169.254:80', 403, 'is link-local or a cloud metadata address'],
    ])('refuses %s', async (_case, path, status, message) => {
      const { app } = fixture();
      const res = await request(app).get(path).expect(status);
      expectDocumented(res, '/probe', 'get');
      expect(res.body.error.message).toContain(message);
      expect(workload.hits).toEqual([]);
    });
  });
});
