/**
 * Nothing is judged that was not seen: a workload that does not start or cannot be
 * reached gets its cause as the verdict, its live checks `unknown`, and no score for merely
 * existing. Each case is a regression named after what issue 10 found.
 */
import { tcpServer, httpServer, json, type TestServer } from '../support/servers';
import { statuses, sweepYaml } from '../support/sweep-config';

describe('a run workload that never starts', () => {
  // Regression (issue 10, point 5): it was no blocker, and the headline named logsNotOnStdout, a side effect.
  it('is not ready, with the cause as its first blocker and the last output as evidence', async () => {
    const [r] = await sweepYaml(`
sweep: { timeout: 5s }
workloads:
  - name: broken
    run: { command: [${JSON.stringify(process.execPath)}, -e, 'console.error("Error: Cannot find module ./config.json"); process.exit(1)'], port: 1, startTimeout: 3s }
`);
    expect(r!.verdict).toBe('not-ready');
    expect(r!.blockers[0]).toBe('healthWorkloadNotStarted');
    expect(r!.reach.status).toBe('not-started');
    const started = r!.checks.find((c) => c.id === 'healthWorkloadNotStarted')!;
    expect(started.message).toMatch(/did not start: .*exit/);
    expect(started.evidence.join('\n')).toContain('Cannot find module ./config.json');
    // The live probes did not run: their checks say why, none fails as a side effect.
    const s = statuses(r!);
    expect(s.logsNotOnStdout).toBe('unknown');
    expect(s.healthLivenessMissing).toBe('unknown');
    expect(r!.checks.find((c) => c.id === 'logsNotOnStdout')!.message).toMatch(/did not start/);
    expect(r!.probes.logs!.status).toBe('unknown');
  });
});

describe('a url workload nothing answers at', () => {
  // Regression (issue 10, point 2): a closed port said "The workload started and opened its port".
  it('is incomplete, says it was not reached, and claims nothing about starting', async () => {
    const [r] = await sweepYaml('workloads:\n  - name: closed\n    url: http://127.0.0.1:1\n');
    expect(r!.verdict).toBe('incomplete');
    expect(r!.reach.status).toBe('unreachable');
    expect(r!.score).toBeNull();
    const s = statuses(r!);
    expect(s.healthTargetUnreachable).toBe('fail');
    expect(s.healthWorkloadNotStarted).toBe('unknown');
    expect(r!.checks.every((c) => c.status !== 'pass')).toBe(true);
    expect(r!.incomplete[0]!.reason).toMatch(/could not be reached: .*ECONNREFUSED/);
    for (const p of Object.values(r!.probes)) expect(['unknown', 'skip', 'fail']).toContain(p!.status);
  });
});

describe('a server that speaks no HTTP', () => {
  let redisLike: TestServer;
  beforeAll(async () => (redisLike = await tcpServer()));
  afterAll(() => redisLike.close());

  // Regression (issue 10, points 1 and 4): body checks passed on it and a tcpSocket port earned points.
  it('passes no HTTP check and earns nothing for an open port', async () => {
    const [r] = await sweepYaml(`workloads:\n  - name: tcp\n    url: ${redisLike.url}\n`, ['health']);
    const s = statuses(r!);
    expect(s.healthTargetUnreachable).toBe('pass');
    expect(s.healthBodyContradictsStatus).toBe('unknown');
    expect(r!.checks.filter((c) => c.status === 'pass').map((c) => c.id)).toEqual(['healthTargetUnreachable']);
    expect(r!.score).toBe(0);
    expect(r!.verdict).toBe('not-ready');
  });
});

describe('a reachable metrics endpoint with nothing else to read', () => {
  let exporter: TestServer;
  beforeAll(async () => {
    const body = '# HELP up_total Things.\n# TYPE up_total counter\nup_total 1\n';
    exporter = await httpServer({ '/metrics': (_q, res) => res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(body), '/healthz': json(200, { status: 'ok' }) });
  });
  afterAll(() => exporter.close());

  // Regression (issue 10, point 3): `check --target host:9100/metrics` said "caveats — can move" with every shell check unknown.
  it('is incomplete and says which input would complete it', async () => {
    const [r] = await sweepYaml(`workloads:\n  - name: exporter\n    url: ${exporter.url}\n    metrics: { url: ${exporter.url}/metrics }\n`, ['metrics', 'health', 'shell', 'logs']);
    expect(r!.reach.status).toBe('reached');
    expect(r!.verdict).toBe('incomplete');
    const missing = Object.fromEntries(r!.incomplete.map((m) => [m.probe, m.input]));
    expect(missing.shell).toMatch(/dockerfile: or manifests:/);
    expect(missing.logs).toMatch(/logs\.file or logs\.command/);
    expect(r!.probes.shell!.status).toBe('skip');
  });
});

describe('ignore: in the config', () => {
  it('reports the check as suppressed with the reason, leaves it out of the score, and hides no other check', async () => {
    const [r] = await sweepYaml('workloads:\n  - name: closed\n    url: http://127.0.0.1:1\n    ignore: [healthTargetUnreachable]\n', ['health']);
    const c = r!.checks.find((x) => x.id === 'healthTargetUnreachable')!;
    expect(c.status).toBe('suppressed');
    expect(c.suppressed).toEqual({ reason: 'listed under ignore: in the config', source: 'config' });
    expect(statuses(r!).healthLivenessMissing).toBe('unknown');
  });
});
