/**
 * How much the health probe asks: a search in rounds that stops once liveness and
 * readiness are decided, and on later runs only the endpoints it found. Counted on a real
 * server, not timed.
 */
import { healthProbe } from '../../probes/health';
import type { ProbeMemory } from '../../probes/types';
import type { HealthFacts } from '../../probes/health/facts-schema';
import type { Target } from '../../src/targets/target';
import { countingServer, type CountingServer } from '../support/counting-server';
import { defaultOptions, probeContext } from '../support/probe-context';

const options = defaultOptions(healthProbe.optionsSchema);

function target(url: string, health?: Record<string, string>): Target {
  return { name: 't', baseDir: process.cwd(), url, config: { name: 't', url, ...(health ? { health } : {}) } };
}

/** A probe memory as the engine keeps one per workload. */
function memory(): ProbeMemory {
  let value: unknown;
  return { get: () => value, set: (v) => void (value = v) };
}

async function run(server: CountingServer, mem?: ProbeMemory, opts = options, health?: Record<string, string>): Promise<HealthFacts> {
  const outcome = await healthProbe.run(target(server.url, health), probeContext(opts, mem ? { memory: mem } : {}));
  return outcome.facts as HealthFacts;
}

describe('health endpoint search', () => {
  let server: CountingServer;
  afterEach(() => server.close());

  it.each([
    ['/livez and /readyz', { '/livez': 200, '/readyz': 200 }, 3, '/livez', '/readyz'],
    ['only /healthz', { '/healthz': 200 }, 8, '/healthz', '/healthz'],
    ['/health/live and /health/ready', { '/health/live': 200, '/health/ready': 503 }, 5, '/health/live', '/health/ready'],
    ['nothing', {}, 11, null, null],
  ])('asks what it needs to decide for %s', async (_case, routes, requests, liveness, readiness) => {
    server = await countingServer(routes);
    const facts = await run(server);
    // Paths, not requests: a chosen endpoint may be timed again when this machine is busy (retime.ts).
    expect(Object.keys(server.hits())).toHaveLength(requests);
    expect(facts.liveness?.path ?? null).toBe(liveness);
    expect(facts.readiness?.path ?? null).toBe(readiness);
    expect(facts.discovery).toMatchObject({ kind: 'full', requests });
  });

  it('chooses as asking every path would: the first endpoint in preference order, not the first to answer', async () => {
    // /healthz exists too, but /health/live and /health/ready are preferred.
    server = await countingServer({ '/healthz': 200, '/health/live': 200, '/health/ready': 200, '/actuator/health': 200 });
    const facts = await run(server);
    expect([facts.liveness?.path, facts.readiness?.path]).toEqual(['/health/live', '/health/ready']);
    expect(facts.distinct).toBe(true);
  });

  it('re-asks only the endpoints it found on a later run, and says when they were found', async () => {
    server = await countingServer({ '/livez': 200, '/readyz': 200 });
    const mem = memory();
    const first = await run(server, mem);
    server.reset();
    const second = await run(server, mem);
    expect(Object.keys(server.hits()).sort()).toEqual(['/livez', '/readyz']);
    expect(second.discovery).toEqual({ kind: 'recheck', foundAt: first.discovery.foundAt, requests: 2 });
    expect(second.livenessPasses).toBe(true);
    // What the search saw of other paths is still evidence, marked with its time.
    expect(second.evidence.probed.some((l) => l.startsWith(`search at ${first.discovery.foundAt}: GET `) && l.includes('/distroready-canary-'))).toBe(true);
  });

  it('asks one path once when liveness and readiness share it', async () => {
    server = await countingServer({ '/healthz': 200 });
    const mem = memory();
    await run(server, mem);
    server.reset();
    const again = await run(server, mem);
    expect(Object.keys(server.hits())).toEqual(['/healthz']);
    expect(again.discovery.requests).toBe(1);
  });

  it('searches again at once when a remembered endpoint is gone', async () => {
    server = await countingServer({ '/livez': 200, '/readyz': 200, '/healthz': 200 });
    const mem = memory();
    await run(server, mem);
    server.serve({ '/readyz': 200, '/healthz': 200 });
    server.reset();
    const facts = await run(server, mem);
    expect(facts.discovery.kind).toBe('full');
    expect(facts.liveness?.path).toBe('/healthz');
    // The recheck (2) and the search that followed (plus any retime of a chosen endpoint on a busy machine).
    expect(server.requests()).toBeGreaterThanOrEqual(2 + facts.discovery.requests);
    expect(server.hits()['/livez']).toBeGreaterThanOrEqual(2);
  });

  it('searches again once the search is older than rediscoverAfterMs', async () => {
    server = await countingServer({ '/livez': 200, '/readyz': 200 });
    const mem = memory();
    const always = { ...options, rediscoverAfterMs: 0 };
    await run(server, mem, always);
    const facts = await run(server, mem, always);
    expect(facts.discovery.kind).toBe('full');
  });

  it('keeps nothing to re-ask when the search found nothing, so every run searches', async () => {
    server = await countingServer({});
    const mem = memory();
    await run(server, mem);
    const facts = await run(server, mem);
    expect(facts.discovery).toMatchObject({ kind: 'full', requests: 11 });
  });

  it('re-asks a configured path as it answers, even a 404, and no discovery path for it', async () => {
    server = await countingServer({ '/readyz': 200 });
    const mem = memory();
    const first = await run(server, mem, options, { liveness: '/custom-live' });
    expect(first.liveness).toMatchObject({ path: '/custom-live', status: 404 });
    server.reset();
    const second = await run(server, mem, options, { liveness: '/custom-live' });
    expect(second.discovery.kind).toBe('recheck');
    expect(Object.keys(server.hits()).sort()).toEqual(['/custom-live', '/readyz']);
    expect(second.discovery.requests).toBe(2);
  });
});
