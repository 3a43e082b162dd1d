/**
 * End to end with a real Prometheus: `distroready serve` (the built CLI) probes a small
 * local workload, Prometheus scrapes its /metrics and its /probe exporter every second,
 * and the scores are read back through Prometheus' HTTP API. promtool lints both bodies.
 * Needs `npm run build` first (the test script does it), and Debian's prometheus.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { freePort, requireBinary } from '../support/binaries';
import { promtoolCheckMetrics } from '../support/api/promtool';
import { startWorkloadServer, type WorkloadServer } from '../support/api/workload-server';
import { eventually } from '../support/eventually';

const CLI = path.resolve(__dirname, '../../dist/src/cli.js');
const prometheus = requireBinary('prometheus');
const promtool = requireBinary('promtool');

interface Child {
  proc: ChildProcess;
  output: () => string;
}

function launch(command: string, args: string[], env: NodeJS.ProcessEnv): Child {
  const proc = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  // Only the tail is kept: enough to explain a failure, bounded however long it runs.
  const keep = (chunk: Buffer): void => void (output = (output + chunk.toString()).slice(-20_000));
  proc.stdout!.on('data', keep);
  proc.stderr!.on('data', keep);
  return { proc, output: () => output };
}

async function stop(child: Child | undefined): Promise<void> {
  if (!child || child.proc.exitCode !== null || child.proc.signalCode !== null) return;
  const exited = new Promise((resolve) => child.proc.once('exit', resolve));
  child.proc.kill('SIGTERM');
  const timer = setTimeout(() => child.proc.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

async function get(url: string): Promise<{ status: number; text: string }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  return { status: res.status, text: await res.text() };
}

interface PromVector {
  status: string;
  data: { result: { metric: Record<string, string>; value: [number, string] }[] };
}

(prometheus && promtool ? describe : describe.skip)('with a real Prometheus', () => {
  let dir: string;
  let workload: WorkloadServer;
  let serve: Child | undefined;
  let prom: Child | undefined;
  let serveUrl: string;
  let promUrl: string;
  const logs = (): string => `[distroready]\n${serve?.output() ?? ''}\n[prometheus]\n${prom?.output() ?? ''}`;

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing; run "npm run build" first`);
    dir = mkdtempSync(path.join(tmpdir(), 'distroready-e2e-'));
    workload = await startWorkloadServer();
    const [serverPort, otlpPort, grpcPort, promPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
    writeFileSync(
      path.join(dir, 'distroready.yaml'),
      `server: { host: 127.0.0.1, port: ${serverPort} }
otlp: { host: 127.0.0.1, port: ${otlpPort}, grpcPort: ${grpcPort} }
sweep: { interval: 2s, timeout: 3s }
storage: { path: ./data/distroready.db }
workloads:
  - name: e2e-ready
    url: ${workload.url}
    health: { liveness: /livez, readiness: /readyz }
    metrics: { url: ${workload.url}/metrics }
`,
    );
    const env = { PATH: process.env.PATH, HOME: dir, LOG_LEVEL: 'warn', OTEL_SDK_DISABLED: 'true' };
    serve = launch(process.execPath, [CLI, 'serve', '--config', path.join(dir, 'distroready.yaml')], env);
    serveUrl = `http://127.0.0.1:${serverPort}`;
    await eventually('distroready /readyz answering 200', 60_000, async () => ((await get(`${serveUrl}/readyz`)).status === 200 ? true : undefined), logs);

    writeFileSync(
      path.join(dir, 'prometheus.yml'),
      `global: { scrape_interval: 1s, scrape_timeout: 1s, evaluation_interval: 1s }
scrape_configs:
  - job_name: distroready
    static_configs: [{ targets: ['127.0.0.1:${serverPort}'] }]
  # The multi-target exporter pattern, as for blackbox_exporter.
  - job_name: distroready_probe
    metrics_path: /probe
    params: { probes: [health] }
    static_configs: [{ targets: ['127.0.0.1:${workload.port}'] }]
    relabel_configs:
      - { source_labels: [__address__], target_label: __param_target }
      - { source_labels: [__param_target], target_label: instance }
      - { target_label: __address__, replacement: '127.0.0.1:${serverPort}' }
`,
    );
    prom = launch(prometheus!, [`--config.file=${path.join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${path.join(dir, 'tsdb')}`, `--web.listen-address=127.0.0.1:${promPort}`], env);
    promUrl = `http://127.0.0.1:${promPort}`;
  }, 90_000);

  afterAll(async () => {
    await stop(prom);
    await stop(serve);
    await workload?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const query = async (promql: string): Promise<PromVector['data']['result'] | undefined> => {
    const res = await get(`${promUrl}/api/v1/query?query=${encodeURIComponent(promql)}`);
    if (res.status !== 200) return undefined;
    const body = JSON.parse(res.text) as PromVector;
    return body.status === 'success' && body.data.result.length > 0 ? body.data.result : undefined;
  };

  it('serves /metrics that promtool passes with no findings', async () => {
    const res = await get(`${serveUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/^distroready_workload_score\{workload="e2e-ready"\} \d+/m);
    expect(promtoolCheckMetrics(promtool!, res.text)).toEqual({ status: 0, findings: '' });
  });

  it('serves /probe output that promtool passes with no findings', async () => {
    const res = await get(`${serveUrl}/probe?target=${encodeURIComponent(workload.url)}`);
    expect(res.status).toBe(200);
    expect(promtoolCheckMetrics(promtool!, res.text)).toEqual({ status: 0, findings: '' });
  });

  it('lets Prometheus read distroready_workload_score back, equal to the API\'s score', async () => {
    const result = await eventually('distroready_workload_score in Prometheus', 60_000, () => query('distroready_workload_score{workload="e2e-ready"}'), logs);
    const api = JSON.parse((await get(`${serveUrl}/api/v1/workloads/e2e-ready`)).text) as { score: number };
    expect(result).toHaveLength(1);
    expect(result[0]!.metric).toMatchObject({ job: 'distroready', workload: 'e2e-ready' });
    expect(Number(result[0]!.value[1])).toBe(api.score);
  }, 70_000);

  it('lets Prometheus drive probing through /probe (multi-target exporter)', async () => {
    const result = await eventually('distroready_target_probe_success from the /probe job', 60_000, () => query('distroready_target_probe_success{job="distroready_probe"}'), logs);
    expect(result[0]!.metric.instance).toBe(`127.0.0.1:${workload.port}`);
    expect(result[0]!.value[1]).toBe('1');
  }, 70_000);
});
