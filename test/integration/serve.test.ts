/**
 * `distroready serve` as a process: it practises what it checks — JSON logs on stdout with
 * per-probe bindings, /healthz and /readyz, /metrics with the scores, its own traces over
 * OTLP — and it shuts down cleanly on SIGTERM, taking its workloads with it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { httpServer, type TestServer } from '../support/servers';
import { CLI, examplesConfig } from '../support/examples-config';
import { eventually, untilStatus } from '../support/eventually';

describe('distroready serve', () => {
  let child: ChildProcess;
  let collector: TestServer;
  let base: string;
  const stdout: string[] = [];
  const tracePosts: { type: string; bytes: number }[] = [];

  beforeAll(async () => {
    collector = await httpServer({
      '/v1/traces': (req, res) => {
        let bytes = 0;
        req.on('data', (c: Buffer) => (bytes += c.length));
        req.on('end', () => {
          tracePosts.push({ type: String(req.headers['content-type']), bytes });
          res.writeHead(200, { 'content-type': 'application/x-protobuf' });
          res.end();
        });
      },
    });
    const { file, serverPort } = await examplesConfig();
    base = `http://127.0.0.1:${serverPort}`;
    child = spawn(process.execPath, [CLI, 'serve', '--config', file], {
      env: { ...process.env, LOG_LEVEL: 'debug', OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_BSP_SCHEDULE_DELAY: '100' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let partial = '';
    child.stdout!.on('data', (c: Buffer) => {
      const parts = (partial + c.toString()).split('\n');
      partial = parts.pop() ?? '';
      stdout.push(...parts);
    });
    await eventually('distroready /readyz answering 200', 60_000, untilStatus(`${base}/readyz`, 200), undefined, 200);
  }, 70_000);

  afterAll(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await collector.close();
  });

  it('answers /healthz', async () => {
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' });
  });

  it('serves the scores on /metrics', async () => {
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(/^distroready_workload_score\{workload="ready"\} \d+$/m);
    expect(text).toMatch(/^distroready_workload_ready\{workload="legacy"\} 0$/m);
    expect(text).toMatch(/^distroready_last_sweep_timestamp_seconds \d/m);
    expect(text).toMatch(/^process_cpu_seconds_total/m);
  });

  it('answers the workloads API from the latest sweep', async () => {
    const list = (await (await fetch(`${base}/api/v1/workloads`)).json()) as { workloads: { name: string }[] };
    expect(list.workloads.map((w) => w.name).sort()).toEqual(['legacy', 'ready']);
    const missing = await fetch(`${base}/api/v1/workloads/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('logs JSON lines on stdout, one child per probe run', () => {
    const lines = stdout.filter((l) => l.trim()).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThan(3);
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'probe finished', workload: 'ready', probe: 'health', sweepId: expect.any(String) }));
  });

  it('exports its own spans over OTLP', async () => {
    await fetch(`${base}/api/v1/workloads`);
    const end = Date.now() + 15_000;
    while (tracePosts.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 200));
    expect(tracePosts[0]).toMatchObject({ type: expect.stringContaining('protobuf') });
    expect(tracePosts[0]!.bytes).toBeGreaterThan(0);
  });

  it('shuts down on SIGTERM with exit code 0', async () => {
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });
});
