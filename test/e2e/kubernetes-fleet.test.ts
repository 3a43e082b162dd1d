/**
 * A fleet split two ways, for real: two `distroready serve --shard i/2` processes over one
 * stand-in cluster judge disjoint halves that together cover every controller, and two
 * real Prometheus servers, configured by `distroready scrape-config --shards 2`, discover
 * the workloads from both replicas (HTTP SD), split them by hashmod on the name without
 * overlap, and scrape each through /probe on the replica that owns it. promtool checks
 * the generated configs.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { freePort, requireBinary } from '../support/binaries';
import { eventually } from '../support/eventually';
import { CLI } from '../support/examples-config';
import { addDeployment, addNamespace, addStatefulSet } from '../support/kube-api/fixtures';
import { httpServer, type TestServer } from '../support/servers';
import { startCluster, type Cluster } from '../support/kube-api/cluster';

const prometheus = requireBinary('prometheus');
const promtool = requireBinary('promtool');

interface Child {
  proc: ChildProcess;
  output(): string;
}

function launch(command: string, args: string[]): Child {
  const proc = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'warn' } });
  let out = '';
  const keep = (b: Buffer): void => void (out = (out + b.toString()).slice(-20_000));
  proc.stdout!.on('data', keep);
  proc.stderr!.on('data', keep);
  return { proc, output: () => out };
}

async function stop(c: Child | undefined): Promise<void> {
  if (!c || c.proc.exitCode !== null || c.proc.signalCode !== null) return;
  const exited = new Promise((r) => c.proc.once('exit', r));
  c.proc.kill('SIGTERM');
  const t = setTimeout(() => c.proc.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(t);
}

const getJson = async <T>(url: string): Promise<T> => (await (await fetch(url, { signal: AbortSignal.timeout(10_000) })).json()) as T;

(prometheus && promtool ? describe : describe.skip)('a sharded fleet with real Prometheus shards', () => {
  let c: Cluster;
  let pod: TestServer;
  const children: Child[] = [];
  const names: string[] = [];
  let port: number;
  const promUrls: string[] = [];
  const logs = (): string => children.map((x) => x.output()).join('\n----\n');

  beforeAll(async () => {
    pod = await httpServer({ '/readyz': (_q, r) => r.end('ok'), '/metrics': (_q, r) => r.end('# TYPE up gauge\nup 1\n') });
    c = await startCluster();
    c.api.knobs.watch.bookmarkIntervalMs = 1000;
    for (const ns of ['shop', 'payments']) addNamespace(c.api, ns);
    const container = { name: 'app', image: 'x', ports: [{ containerPort: pod.port }], readinessProbe: { httpGet: { path: '/readyz', port: pod.port } } };
    for (let i = 0; i < 6; i++) addDeployment(c.api, { namespace: i % 2 ? 'shop' : 'payments', name: `svc-${i}`, containers: [container] });
    addStatefulSet(c.api, { namespace: 'payments', name: 'ledger', containers: [container] });
    names.push(...[...Array(6).keys()].map((i) => `${i % 2 ? 'shop' : 'payments'}/deployment/svc-${i}`), 'payments/statefulset/ledger');
    port = await freePort();
    // Two replicas on one port, on two loopback addresses, so one URL template names both.
    for (const i of [0, 1]) {
      const config = path.join(c.dir, `serve-${i}.yaml`);
      writeFileSync(config, `server: { host: 127.0.1${i}.1, port: ${port} }\notlp: { enabled: false }\nsweep: { interval: 30s, timeout: 5s }\nstorage: { path: ${JSON.stringify(path.join(c.dir, `s${i}.db`))} }\nprobes: { logs: { windowMs: 50 } }\nkubernetes:\n  kubeconfig: ${c.kubeconfig()}\n  reach: pod-ip\n`);
      children.push(launch(process.execPath, [CLI, 'serve', '--config', config, '--shard', `${i}/2`]));
    }
    for (const i of [0, 1]) await eventually(`replica ${i} ready`, 60_000, async () => ((await fetch(`http://127.0.1${i}.1:${port}/readyz`).catch(() => null))?.status === 200 ? true : undefined), logs);
  }, 120_000);
  afterAll(async () => {
    await Promise.all(children.map(stop));
    await c?.api.close();
    await pod?.close();
  });

  it('splits the cluster between the replicas without overlap, and covers it all', async () => {
    const owned = await Promise.all([0, 1].map(async (i) => (await getJson<{ targets: string[] }[]>(`http://127.0.1${i}.1:${port}/api/v1/targets`)).flatMap((g) => g.targets)));
    expect(owned[0]!.filter((n) => owned[1]!.includes(n))).toEqual([]);
    expect([...owned[0]!, ...owned[1]!].sort()).toEqual([...names].sort());
    expect(owned[0]!.length).toBeGreaterThan(0);
    expect(owned[1]!.length).toBeGreaterThan(0);
    const counts = await Promise.all([0, 1].map(async (i) => {
      const text = await (await fetch(`http://127.0.1${i}.1:${port}/metrics`)).text();
      return Number(new RegExp(`distroready_shard_workloads\\{shard="${i}",shards="2"\\} (\\d+)`).exec(text)?.[1]);
    }));
    expect(counts).toEqual([owned[0]!.length, owned[1]!.length]);
  }, 60_000);

  it('drives two Prometheus shards from the generated config: disjoint targets, all scraped through /probe', async () => {
    const seen: string[][] = [];
    for (const shard of [0, 1]) {
      const file = path.join(c.dir, `prometheus-${shard}.yml`);
      const text = execFileSync(process.execPath, [CLI, 'scrape-config', '--url', `http://127.0.1{i}.1:${port}`, '--replicas', '2', '--shards', '2', '--shard', String(shard), '--interval', '3s', '--timeout', '3s'], { encoding: 'utf8' });
      // Discovery refreshes every minute in the generated job; a test cannot wait that long.
      writeFileSync(file, text.replace(/refresh_interval: 1m/g, 'refresh_interval: 1s'));
      expect(execFileSync(promtool!, ['check', 'config', file], { encoding: 'utf8' })).toContain('SUCCESS');
      const promPort = await freePort();
      promUrls.push(`http://127.0.0.1:${promPort}`);
      children.push(launch(prometheus!, [`--config.file=${file}`, `--storage.tsdb.path=${path.join(c.dir, `tsdb-${shard}`)}`, `--web.listen-address=127.0.0.1:${promPort}`]));
    }
    for (const [shard, url] of promUrls.entries()) {
      const workloads = await eventually(`Prometheus shard ${shard} to scrape its targets`, 90_000, async () => {
        const r = await getJson<{ data: { activeTargets: { labels: Record<string, string>; health: string }[] } }>(`${url}/api/v1/targets?state=active`);
        const active = r.data.activeTargets;
        return active.length > 0 && active.every((t) => t.health === 'up') ? active.map((t) => t.labels.workload!) : undefined;
      }, logs);
      seen.push(workloads);
    }
    expect(seen[0]!.filter((n) => seen[1]!.includes(n))).toEqual([]);
    expect([...seen[0]!, ...seen[1]!].sort()).toEqual([...names].sort());
    const scores = await getJson<{ data: { result: { metric: Record<string, string> }[] } }>(`${promUrls[0]}/api/v1/query?query=distroready_target_probe_success`);
    expect(scores.data.result.map((r) => r.metric.workload).sort()).toEqual([...seen[0]!].sort());
  }, 180_000);
});
