/**
 * Regression (issue 10, point 8, found on real software): under load the health probe
 * reported a 1 ms endpoint at over a second and failed healthSlow — it timed distroready.
 * Its timing now names our own busy time and is taken again until it is the target's.
 */
import { healthProbe } from '../../probes/health';
import { loadChecks } from '../../src/checks/load-checks';
import { evaluateProbeChecks } from '../../src/checks/evaluate-checks';
import type { HttpClient } from '../../src/net/http-client';
import { defaultOptions, probeContext } from '../support/probe-context';
import { httpServer, json, type TestServer } from '../support/servers';

const checks = loadChecks(undefined, ['health']).byProbe('health');
const options = defaultOptions(healthProbe.optionsSchema);

/** Keeps this process's event loop busy for `ms`, `times` times, each soon after the last ended. */
function hogLoop(ms: number, times: number): void {
  let left = times;
  const spin = (): void => {
    const until = performance.now() + ms;
    while (performance.now() < until) {
      /* busy on purpose */
    }
    if (--left > 0) setTimeout(spin, 1);
  };
  setTimeout(spin, 1);
}

describe('health timing', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await httpServer({ '/livez': json(200, { status: 'ok' }), '/readyz': json(200, { status: 'ok' }) });
  });
  afterEach(() => server.close());

  const run = async () => {
    const outcome = await healthProbe.run({ name: 't', baseDir: '.', url: server.url, config: { name: 't', url: server.url, health: { liveness: '/livez', readiness: '/readyz' } } }, probeContext(options));
    const status = (id: string) => evaluateProbeChecks(checks, { status: 'pass', facts: outcome.facts }).find((c) => c.id === id)!.status;
    return { facts: outcome.facts as { slowestMs: number | null; liveness: { serverMs: number; clientBusyMs: number }; evidence: { chosen: string[] } }, status };
  };

  it('times a fast endpoint again when distroready was busy, and passes on the clean timing', async () => {
    hogLoop(1500, 1);
    const { facts, status } = await run();
    expect(facts.liveness.clientBusyMs).toBeLessThanOrEqual(50);
    expect(facts.slowestMs).not.toBeNull();
    expect(status('healthSlow')).toBe('pass');
  });

  it('leaves the time unknown, never failed, when distroready stays too busy to tell', async () => {
    // A client whose every exchange reports our loop busy for most of it: the target's time cannot be told.
    const busy: HttpClient = {
      request: async (req) => ({
        ok: true,
        response: { url: req.url, status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from('{"status":"ok"}'), truncated: false, redirects: [], headersMs: 1300, totalMs: 1300, connectMs: null, queuedMs: 0, timing: { ttfbMs: 1290, transferMs: 10, busyMs: 1250 } },
      }),
      resolvePermitted: async () => ({ ok: true, address: '127.0.0.1' }),
    };
    let asked = 0;
    const counting: HttpClient = { ...busy, request: (req) => ((asked += 1), busy.request(req)) };
    const outcome = await healthProbe.run(
      { name: 't', baseDir: '.', url: 'http://127.0.0.1:9', config: { name: 't', url: 'http://127.0.0.1:9', health: { liveness: '/livez', readiness: '/readyz' } } },
      probeContext(options, { http: counting }),
    );
    const facts = outcome.facts as { slowestMs: number | null; evidence: { chosen: string[] } };
    const status = evaluateProbeChecks(checks, { status: 'pass', facts: outcome.facts }).find((c) => c.id === 'healthSlow')!.status;
    expect(facts.slowestMs).toBeNull();
    expect(status).toBe('unknown');
    expect(facts.evidence.chosen.join('\n')).toMatch(/not timed: distroready's own event loop was too busy/);
    // Discovery's first round (the configured /livez and /readyz, and the canary) decides both; then three more per chosen endpoint.
    expect(asked).toBe(2 + 1 + 2 * 3);
  });
});
