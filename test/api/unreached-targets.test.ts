/**
 * A target nothing answers at is not a probed target. Regressions of issue 10, point 2:
 * `GET /probe?target=127.0.0.1:1` answered `distroready_target_probe_success 1`, and
 * `POST /api/v1/checks` on a closed port said "The workload started and opened its port".
 */
import request from 'supertest';
import { MemoryStore } from '../../src/store/memory-store';
import { freePort } from '../support/binaries';
import { appFixture } from '../support/api/app-fixture';
import { expectDocumented } from '../support/api/openapi-conformance';
import { realRunner } from '../support/api/real-runner';

describe('an ad-hoc target with nothing listening', () => {
  let closed: number;
  beforeAll(async () => (closed = await freePort()));

  const app = () => appFixture({ workloads: [], runner: realRunner({ workloadUrl: `http://127.0.0.1:${closed}`, only: ['health', 'metrics'] }), store: new MemoryStore() }).app;

  it('GET /probe answers distroready_target_probe_success 0', async () => {
    const res = await request(app()).get(`/probe?target=127.0.0.1:${closed}`).expect(200);
    expectDocumented(res, '/probe', 'get');
    expect(res.text).toMatch(/^distroready_target_probe_success 0$/m);
    expect(res.text).toMatch(new RegExp(`^distroready_workload_verdict\\{workload="127\\.0\\.0\\.1:${closed}",verdict="incomplete"\\} 1$`, 'm'));
    // Nothing was evaluated, so no probe says it passed and no check says anything.
    expect(res.text).not.toMatch(/^distroready_probe_passed\{/m);
    expect(res.text).not.toMatch(/^distroready_workload_score\{/m);
  });

  it('POST /checks answers incomplete, says it was not reached, and claims nothing it did not see', async () => {
    const res = await request(app()).post('/api/v1/checks').send({ url: `http://127.0.0.1:${closed}` }).expect(200);
    expectDocumented(res, '/api/v1/checks', 'post');
    expect(res.body).toMatchObject({ verdict: 'incomplete', score: null, reach: { status: 'unreachable' } });
    expect(res.body.reach.detail).toMatch(/ECONNREFUSED/);
    const messages = (res.body.checks as { message: string; status: string }[]).map((c) => c.message).join('\n');
    expect(messages).not.toMatch(/started and opened its port/);
    expect((res.body.checks as { status: string }[]).filter((c) => c.status === 'pass')).toEqual([]);
  });
});
