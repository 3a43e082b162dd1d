/**
 * The health probe against real servers on port 0, judged by the real health checks:
 * each scenario names the checks it must fail and pass.
 */
import { healthProbe } from '../../probes/health';
import { loadChecks } from '../../src/checks/load-checks';
import { evaluateProbeChecks } from '../../src/checks/evaluate-checks';
import type { Target } from '../../src/targets/target';
import { defaultOptions, probeContext } from '../support/probe-context';
import { httpServer, json, tcpServer, type Handler, type TestServer } from '../support/servers';

const checks = loadChecks(undefined, ['health']).byProbe('health');
const options = defaultOptions(healthProbe.optionsSchema);

function target(url: string, health?: Record<string, string>): Target {
  return { name: 't', baseDir: process.cwd(), url, config: { name: 't', url, ...(health ? { health } : {}) } };
}

async function probe(server: TestServer, health?: Record<string, string>) {
  const outcome = await healthProbe.run(target(server.url, health), probeContext(options));
  const results = evaluateProbeChecks(checks, { status: 'pass', facts: outcome.facts });
  const statusOf = (id: string) => results.find((r) => r.id === id)?.status;
  return { facts: outcome.facts as Record<string, unknown>, statusOf, results };
}

const ok = json(200, { status: 'UP' });
const endless =
  (chunk: string, everyMs: number): Handler =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    const timer = setInterval(() => res.write(chunk), everyMs);
    res.on('close', () => clearInterval(timer));
  };

describe('health probe', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('passes a workload with distinct, fast /livez and /readyz', async () => {
    server = await httpServer({ '/livez': ok, '/readyz': ok });
    const { facts, results } = await probe(server);
    expect(results.filter((r) => r.status !== 'pass')).toEqual([]);
    expect(facts.liveness).toMatchObject({ path: '/livez', status: 200, kubeletSuccess: true, bodyStatus: 'up' });
    expect(facts.readiness).toMatchObject({ path: '/readyz' });
  });

  it('fails healthSlow when an endpoint takes 2 s, beyond the kubelet 1 s timeout', async () => {
    server = await httpServer({ '/livez': json(200, { status: 'ok' }, 2000), '/readyz': ok });
    const { statusOf, facts } = await probe(server);
    expect(statusOf('healthSlow')).toBe('fail');
    expect(statusOf('healthLivenessFailing')).toBe('pass');
    expect(facts.slowestMs).toBeGreaterThanOrEqual(2000);
    expect((facts.evidence as { chosen: string[] }).chosen.join()).toContain('/livez');
  });

  it('fails healthLivenessFailing when liveness answers 500', async () => {
    server = await httpServer({ '/livez': json(500, { status: 'DOWN' }), '/readyz': ok });
    const { statusOf, facts } = await probe(server);
    expect(statusOf('healthLivenessFailing')).toBe('fail');
    expect(statusOf('healthLivenessMissing')).toBe('pass');
    expect(facts.livenessPasses).toBe(false);
  });

  it('fails healthEndpointsIdentical when only /healthz exists', async () => {
    server = await httpServer({ '/healthz': ok });
    const { statusOf, facts } = await probe(server);
    expect(statusOf('healthEndpointsIdentical')).toBe('fail');
    expect(facts.distinct).toBe(false);
  });

  it('fails both missing checks when no endpoint exists, with the probed URLs as evidence', async () => {
    server = await httpServer({ '/': json(200, { hello: 'world' }) });
    const { statusOf, results } = await probe(server);
    expect(statusOf('healthLivenessMissing')).toBe('fail');
    expect(statusOf('healthReadinessMissing')).toBe('fail');
    const evidence = results.find((r) => r.id === 'healthLivenessMissing')!.evidence.join('\n');
    expect(evidence).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/livez → 404/);
  });

  it('does not take a catch-all server for health endpoints', async () => {
    server = await httpServer({}, (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>app</html>');
    });
    const { statusOf, facts } = await probe(server);
    expect(facts.catchAll).toBe(true);
    expect(statusOf('healthLivenessMissing')).toBe('fail');
  });

  it('reports a redirect loop as a failed configured endpoint, not a hang', async () => {
    server = await httpServer({
      '/livez': (_req, res) => {
        res.writeHead(302, { location: '/livez2' });
        res.end();
      },
      '/livez2': (_req, res) => {
        res.writeHead(302, { location: '/livez' });
        res.end();
      },
      '/readyz': ok,
    });
    const { statusOf, facts } = await probe(server, { liveness: '/livez' });
    expect(statusOf('healthLivenessFailing')).toBe('fail');
    expect((facts.liveness as { error: string }).error).toMatch(/too-many-redirects/);
  });

  it('reads a never-ending body only up to the kubelet cap and judges the status code', async () => {
    server = await httpServer({ '/livez': endless('x'.repeat(1024), 2), '/readyz': ok });
    const { facts } = await probe(server, { liveness: '/livez', readiness: '/readyz' });
    expect(facts.liveness).toMatchObject({ status: 200, kubeletSuccess: true, error: null });
  });

  it('fails a body that trickles past the deadline, keeping the status it sent', async () => {
    server = await httpServer({ '/livez': endless('.', 50), '/readyz': ok });
    const outcome = await healthProbe.run(target(server.url, { liveness: '/livez' }), probeContext({ ...options, requestTimeoutMs: 800 }));
    expect(outcome.facts.liveness).toMatchObject({ status: 200, kubeletSuccess: false });
    expect((outcome.facts.liveness as { error: string }).error).toMatch(/^timeout/);
  });

  it('says TCP-only, not a crash, for a server that does not speak HTTP', async () => {
    server = await tcpServer();
    const { facts, statusOf } = await probe(server);
    expect(facts).toMatchObject({ speaksHttp: false, bodyContradicts: null, slowestMs: null });
    expect(statusOf('healthLivenessMissing')).toBe('fail');
    // Regression (issue 10, point 1): the body check passed on a server that speaks no HTTP.
    expect(statusOf('healthBodyContradictsStatus')).toBe('unknown');
    expect(statusOf('healthSlow')).toBe('unknown');
  });

  it('fails healthBodyContradictsStatus when 200 carries a DOWN body', async () => {
    server = await httpServer({ '/livez': ok, '/readyz': json(200, { status: 'DOWN' }) });
    const { statusOf } = await probe(server);
    expect(statusOf('healthBodyContradictsStatus')).toBe('fail');
  });

  it('never asks a metadata address', async () => {
    const outcome = await healthProbe.run(target('http://169.254.169.254'), probeContext(options));
    expect(outcome.facts).toMatchObject({ speaksHttp: false });
    expect((outcome.facts.evidence as { probed: string[] }).probed[0]).toMatch(/blocked/);
  });

  it('skips a workload without a url', async () => {
    const outcome = await healthProbe.run({ name: 'x', baseDir: '.', config: { name: 'x' } }, probeContext(options));
    expect(outcome.skipped).toMatch(/no url/);
  });
});
