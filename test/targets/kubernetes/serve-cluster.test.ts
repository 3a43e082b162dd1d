/**
 * `distroready serve` with only a `kubernetes:` section, against the stand-in: cluster
 * workloads are swept and listed with their namespace, kind and team; a controller added
 * live is picked up by the watch; `/probe?target=namespace/kind/name` and the HTTP service
 * discovery list work; when the API server fails, the last results stay, `/readyz` says
 * why (kubeconfig, context, call), and it recovers when the server does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { WorkloadResult } from '../../../src/model';
import type { WorkloadSummary } from '../../../src/store/result-store';
import { promtoolCheckMetrics } from '../../support/api/promtool';
import { freePort, requireBinary } from '../../support/binaries';
import { eventually } from '../../support/eventually';
import { CLI } from '../../support/examples-config';
import { addDeployment, addNamespace } from '../../support/kube-api/fixtures';
import { httpServer, type TestServer } from '../../support/servers';
import { startCluster, type Cluster } from '../../support/kube-api/cluster';

const promtool = requireBinary('promtool');

describe('serve with only a kubernetes: section', () => {
  let c: Cluster;
  let pod: TestServer;
  let serve: ChildProcess;
  let url: string;
  let output = '';

  const get = async (p: string): Promise<{ status: number; body: string }> => {
    const res = await fetch(`${url}${p}`, { signal: AbortSignal.timeout(20_000) });
    return { status: res.status, body: await res.text() };
  };
  const json = async <T>(p: string): Promise<T> => JSON.parse((await get(p)).body) as T;
  const container = (port: number) => ({ name: 'app', image: 'shop/app:1', ports: [{ containerPort: port }], readinessProbe: { httpGet: { path: '/readyz', port } } });

  beforeAll(async () => {
    pod = await httpServer({ '/readyz': (_q, r) => r.end('ok'), '/livez': (_q, r) => r.end('ok') });
    c = await startCluster();
    c.api.knobs.watch.bookmarkIntervalMs = 500;
    addNamespace(c.api, 'shop');
    addDeployment(c.api, { namespace: 'shop', name: 'checkout', labels: { app: 'checkout', team: 'orders' }, containers: [container(pod.port)] });
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const config = path.join(c.dir, 'serve.yaml');
    writeFileSync(config, `server: { host: 127.0.0.1, port: ${port} }\notlp: { enabled: false }\nsweep: { interval: 2s, timeout: 5s }\nstorage: { path: ${JSON.stringify(path.join(c.dir, 'serve.db'))} }\nprobes: { logs: { windowMs: 100 } }\nkubernetes:\n  kubeconfig: ${c.kubeconfig()}\n  reach: pod-ip\n  watchRestart: 10s\n  limits: { requestTimeout: 2s }\n`);
    serve = spawn(process.execPath, [CLI, 'serve', '--config', config], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'warn' } });
    const keep = (b: Buffer): void => void (output = (output + b.toString()).slice(-20_000));
    serve.stdout!.on('data', keep);
    serve.stderr!.on('data', keep);
    await eventually('serve to be ready', 30_000, async () => ((await get('/readyz').catch(() => ({ status: 0 }))).status === 200 ? true : undefined), () => output);
  }, 60_000);
  afterAll(async () => {
    if (serve && serve.exitCode === null) {
      const exited = new Promise((r) => serve.once('exit', r));
      serve.kill('SIGTERM');
      await exited;
    }
    await c?.api.close();
    await pod?.close();
  });

  it('sweeps cluster workloads and lists them with namespace, kind and team', async () => {
    // The list is a summary per workload (namespace, kind and team to filter and group by); the full result has the cluster origin.
    const list = await json<{ workloads: WorkloadSummary[] }>('/api/v1/workloads');
    expect(list.workloads.find((w) => w.name === 'shop/deployment/checkout')).toMatchObject({ namespace: 'shop', kind: 'Deployment', team: 'orders', reach: 'reached' });
    const inShop = await json<{ workloads: WorkloadSummary[] }>('/api/v1/workloads?namespace=shop');
    expect(inShop.workloads.map((w) => w.name)).toContain('shop/deployment/checkout');
    expect((await json<{ workloads: WorkloadSummary[] }>('/api/v1/workloads?namespace=elsewhere')).workloads).toEqual([]);
    const checkout = await json<WorkloadResult>(`/api/v1/workloads/${encodeURIComponent('shop/deployment/checkout')}`);
    expect(checkout.cluster).toEqual({ namespace: 'shop', kind: 'Deployment', name: 'checkout', team: 'orders', pod: 'checkout-5d8f7c9b4-x0000' });
    expect(checkout.reach.status).toBe('reached');
    const metrics = (await get('/metrics')).body;
    expect(metrics).toContain('distroready_workload_info{workload="shop/deployment/checkout",namespace="shop",kind="Deployment",team="orders"} 1');
    expect(metrics).toMatch(/distroready_shard_workloads\{shard="0",shards="1"\} 1/);
    // The joined per-workload text, workload_info included, is what promtool accepts.
    if (promtool) expect(promtoolCheckMetrics(promtool, metrics)).toEqual({ status: 0, findings: '' });
  });

  it('picks up a controller added while it runs, and serves it to Prometheus by name', async () => {
    addDeployment(c.api, { namespace: 'shop', name: 'cart', containers: [container(pod.port)] });
    await eventually('cart to be swept', 30_000, async () => ((await get(`/api/v1/workloads/${encodeURIComponent('shop/deployment/cart')}`)).status === 200 ? true : undefined), () => output);
    const sd = await json<{ targets: string[]; labels: Record<string, string> }[]>('/api/v1/targets');
    expect(sd).toEqual(expect.arrayContaining([{ targets: ['shop/deployment/cart'], labels: { namespace: 'shop', kind: 'Deployment' } }, { targets: ['shop/deployment/checkout'], labels: { namespace: 'shop', kind: 'Deployment', team: 'orders' } }]));
    const probe = await get(`/probe?target=${encodeURIComponent('shop/deployment/cart')}`);
    expect(probe.status).toBe(200);
    expect(probe.body).toMatch(/^distroready_target_probe_success 1$/m);
    expect(probe.body).toContain('distroready_workload_score{workload="shop/deployment/cart"}');
    expect((await get(`/probe?target=${encodeURIComponent('shop/deployment/nope')}`)).status).toBe(404);
  }, 60_000);

  it('keeps its last results when the API server fails, says why on /readyz, and recovers', async () => {
    c.api.knobs.fail500 = /./;
    c.api.knobs.watch.resetAfterEvents = 1;
    addNamespace(c.api, 'nudge');
    const reason = await eventually('/readyz to say why', 30_000, async () => {
      const r = await get('/readyz');
      return r.status === 503 ? (JSON.parse(r.body) as { reason: string }).reason : undefined;
    }, () => output);
    expect(reason).toMatch(/^kubernetes: kubeconfig .*kubeconfig-admin, context "stand-in" \(https:\/\/127\.0\.0\.1:\d+\): .* failed .*retrying with backoff$/);
    const list = await json<{ workloads: WorkloadSummary[] }>('/api/v1/workloads');
    expect(list.workloads.map((w) => w.name).sort()).toEqual(['shop/deployment/cart', 'shop/deployment/checkout']);
    c.api.knobs.fail500 = null;
    c.api.knobs.watch.resetAfterEvents = null;
    await eventually('/readyz to recover', 30_000, async () => ((await get('/readyz')).status === 200 ? true : undefined), () => output);
  }, 70_000);
});
