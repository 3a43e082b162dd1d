/** `GET /api/v1/workloads`: summaries, filters, cursor paging, and a 400 for what it does not know. */
import request from 'supertest';
import { appFixture, sampleResult } from '../support/api/app-fixture';
import { expectDocumented } from '../support/api/openapi-conformance';

const names = ['zeta', 'alpha', 'mu', 'beta', 'omega'];
const results = [
  sampleResult('zeta', { verdict: 'ready', score: 95, namespace: 'shop' }),
  sampleResult('alpha', { verdict: 'not-ready', score: 20, blockers: ['shellExecProbe'], namespace: 'payments' }),
  sampleResult('mu', { verdict: 'caveats', score: 70, namespace: 'shop' }),
  sampleResult('beta', {
    verdict: 'incomplete',
    score: null,
    probes: { health: { status: 'fail', facts: {}, durationMs: 1 }, shell: { status: 'skip', facts: {}, durationMs: 0 } },
  }),
  sampleResult('omega', { verdict: 'ready', score: 100, probes: { health: { status: 'warn', facts: {}, durationMs: 1 } } }),
];

const list = async (query = ''): Promise<request.Response> => {
  const { app } = appFixture({ workloads: names, results });
  const res = await request(app).get(`/api/v1/workloads${query}`);
  expectDocumented(res, '/api/v1/workloads', 'get');
  return res;
};
const namesOf = (res: request.Response): string[] => (res.body as { workloads: { name: string }[] }).workloads.map((w) => w.name);

describe('GET /api/v1/workloads', () => {
  it('answers a summary per workload, no checks or facts, in code-point order of names', async () => {
    const res = await list();
    expect(res.status).toBe(200);
    expect(namesOf(res)).toEqual(['alpha', 'beta', 'mu', 'omega', 'zeta']);
    expect(res.body.workloads[0]).toEqual({
      name: 'alpha',
      namespace: 'payments',
      kind: null,
      team: null,
      score: 20,
      verdict: 'not-ready',
      blockers: ['shellExecProbe'],
      reach: 'reached',
      probes: { health: 'pass', shell: 'skip' },
      probedAt: '2026-01-01T10:00:00.000Z',
    });
    expect(res.body.summary).toEqual({ workloads: 5, ready: 2, caveats: 1, notReady: 1, incomplete: 1 });
    expect(res.body.next).toBeNull();
  });

  it.each([
    ['?verdict=ready', ['omega', 'zeta']],
    ['?verdict=ready,not-ready', ['alpha', 'omega', 'zeta']],
    ['?namespace=shop', ['mu', 'zeta']],
    ['?namespace=shop&verdict=caveats', ['mu']],
    ['?probe=health:fail', ['beta']],
    ['?probe=health:fail,health:warn', ['beta', 'omega']],
    ['?probe=health:pass,shell:skip', ['alpha', 'mu', 'zeta']],
  ])('filters %s', async (query, expected) => {
    const res = await list(query);
    expect(res.status).toBe(200);
    expect(namesOf(res)).toEqual(expected);
    expect(res.body.summary.workloads).toBe(expected.length);
  });

  it('pages with limit and the cursor it hands out, the summary counting every match', async () => {
    const first = await list('?limit=2');
    expect(namesOf(first)).toEqual(['alpha', 'beta']);
    expect(first.body.summary.workloads).toBe(5);
    const second = await list(`?limit=2&cursor=${first.body.next}`);
    expect(namesOf(second)).toEqual(['mu', 'omega']);
    const third = await list(`?limit=2&cursor=${second.body.next}`);
    expect(namesOf(third)).toEqual(['zeta']);
    expect(third.body.next).toBeNull();
  });

  it.each([
    ['an unknown parameter', '?verdcit=ready', 'query.verdcit', /is not a known query parameter; allowed: namespace, verdict, probe, limit, cursor/],
    ['an unknown verdict', '?verdict=great', 'query.verdict', /"great" is not one of ready, caveats, not-ready, incomplete/],
    ['a probe condition without a status', '?probe=health', 'query.probe', /is not probe:status/],
    ['an unknown probe', '?probe=vibes:pass', 'query.probe', /is not probe:status/],
    ['a limit out of range', '?limit=0', 'query.limit', /must be >= 1/],
    ['a cursor it did not give out', '?cursor=not%20a%20cursor', 'query.cursor', /not a cursor this API gave out/],
  ])('refuses %s with a 400 naming it', async (_case, query, field, message) => {
    const res = await list(query);
    expect(res.status).toBe(400);
    expect(res.body.error.details.field).toBe(field);
    expect(res.body.error.message).toMatch(message);
  });

  it('refuses unknown query parameters on every /api/v1 read, not only the list', async () => {
    const { app } = appFixture({ workloads: names, results });
    const res = await request(app).get('/api/v1/workloads/alpha?verbose=1').expect(400);
    expect(res.body.error).toMatchObject({ code: 'BAD_REQUEST', details: { field: 'query.verbose' } });
  });
});
