/**
 * Discovery and the static audit of a large cluster, against a bare JSON.parse of the
 * same list bodies, in the same run. The stand-in API server (in this process) holds
 * 2,000 controllers (1,200 Deployments with their ReplicaSets, 400 StatefulSets, 200
 * DaemonSets, 200 CronJobs with a Job each) and 10,000 pods. Each measured mode runs in
 * a fresh child process, so its time and peak RSS are its own:
 *
 * - `parse` (the baseline): GET every list page (limit 500) of the seven kinds distroready
 *   lists and JSON.parse each body, keeping the parsed lists.
 * - `discover`: distroready's discovery (paged bounded lists, pods traced to controllers,
 *   one ready pod chosen per workload).
 * - `audit`: discovery, then each workload's config (its controller as an inline manifest) and the shell
 *   probe's manifest analysis of it, as a sweep would.
 * - `client-node`: the same lists through @kubernetes/client-node's generated API
 *   (listDeploymentForAllNamespaces… with its ObjectSerializer), for reference.
 *
 * Goal: discover and audit within 3× of `parse` in time and peak memory.
 * Run: `npm run bench:kubernetes` (RUNS=N, default 3; the median is reported).
 */
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as https from 'node:https';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { analyzeManifestObject } from '../probes/shell/manifests/analyze';
import { parseConfig } from '../src/config/load-config';
import { clientNode } from '../src/targets/kubernetes/client-node';
import { discover } from '../src/targets/kubernetes/discover';
import { createKubeClient } from '../src/targets/kubernetes/kube-client';
import { resolveCluster } from '../src/targets/kubernetes/kube-config';
import { kubeWorkloadConfig, kubeInfoOf } from '../src/targets/kubernetes/kube-workload';
import { addCronJob, addDaemonSet, addDeployment, addNamespace, addStatefulSet, type ContainerInput, type PodState } from '../test/support/kube-api/fixtures';
import { ADMIN } from '../test/support/kube-api/rbac';
import { startKubeApi } from '../test/support/kube-api/server';

const MODES = ['parse', 'discover', 'audit', 'client-node'] as const;
type Mode = (typeof MODES)[number];
const RUNS = Number(process.env.RUNS ?? 3);
const LISTS = ['/apis/apps/v1/deployments', '/apis/apps/v1/statefulsets', '/apis/apps/v1/daemonsets', '/apis/batch/v1/cronjobs', '/apis/apps/v1/replicasets', '/apis/batch/v1/jobs', '/api/v1/pods'];

function containers(i: number): ContainerInput[] {
  return [
    {
      name: 'app', image: `registry.example/team-${i % 40}/svc-${i}:1.${i % 9}`, ports: [{ name: 'http', containerPort: 8080 }, { name: 'metrics', containerPort: 9464 }],
      env: [{ name: 'LOG_LEVEL', value: 'info' }, { name: 'OTEL_SERVICE_NAME', value: `svc-${i}` }, { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }],
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '512Mi' } },
      livenessProbe: i % 3 === 0 ? { exec: { command: ['sh', '-c', 'curl -sf localhost:8080/healthz'] } } : { httpGet: { path: '/livez', port: 'http' } },
      readinessProbe: { httpGet: { path: '/readyz', port: 'http' }, periodSeconds: 5 },
      securityContext: { readOnlyRootFilesystem: i % 2 === 0, allowPrivilegeEscalation: false },
      volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
    },
    { name: 'proxy', image: 'envoyproxy/envoy:v1.30', args: ['--config-path', '/etc/envoy/envoy.yaml'], ports: [{ containerPort: 15001 }] },
  ];
}

function populate(api: Awaited<ReturnType<typeof startKubeApi>>): void {
  const pods = (n: number): PodState[] => Array.from({ length: n }, (_, k) => (k === 0 && n > 1 ? { waiting: 'CrashLoopBackOff', restarts: 3 } : {}));
  const common = (i: number) => ({ namespace: `ns-${i % 50}`, labels: { app: `svc-${i}`, team: `team-${i % 40}` }, podAnnotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9464' }, containers: containers(i), podSpec: { volumes: [{ name: 'tmp', emptyDir: {} }] } });
  for (let n = 0; n < 50; n++) addNamespace(api, `ns-${n}`);
  let i = 0;
  for (; i < 1200; i++) addDeployment(api, { ...common(i), name: `svc-${i}`, pods: pods(5) });
  for (; i < 1600; i++) addStatefulSet(api, { ...common(i), name: `db-${i}`, pods: pods(5) });
  for (; i < 1800; i++) addDaemonSet(api, { ...common(i), name: `agent-${i}`, pods: pods(10) });
  for (; i < 2000; i++) addCronJob(api, { ...common(i), name: `job-${i}`, pods: [] });
}

async function get(url: string, ca: string, token: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    https.get(url, { ca, headers: { authorization: `Bearer ${token}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks)));
    }).on('error', reject);
  });
}

async function parseMode(server: string, ca: string): Promise<number> {
  const kept: unknown[] = [];
  let bytes = 0;
  for (const list of LISTS) {
    let next = '';
    do {
      const body = await get(`${server}${list}?limit=500${next ? `&continue=${next}` : ''}`, ca, 'admin');
      bytes += body.length;
      const page = JSON.parse(body.toString('utf8')) as { items: unknown[]; metadata: { continue?: string } };
      kept.push(page.items);
      next = page.metadata.continue ?? '';
    } while (next);
  }
  return kept.length > 0 ? bytes : 0;
}

async function clientNodeMode(kubeconfig: string): Promise<number> {
  const k = clientNode();
  const kc = new k.KubeConfig();
  kc.loadFromFile(kubeconfig);
  const apps = kc.makeApiClient(k.AppsV1Api);
  const batch = kc.makeApiClient(k.BatchV1Api);
  const core = kc.makeApiClient(k.CoreV1Api);
  const calls: ((o: { limit: number; _continue?: string }) => Promise<{ items: unknown[]; metadata?: { _continue?: string } }>)[] = [
    (o) => apps.listDeploymentForAllNamespaces(o), (o) => apps.listStatefulSetForAllNamespaces(o), (o) => apps.listDaemonSetForAllNamespaces(o),
    (o) => batch.listCronJobForAllNamespaces(o), (o) => apps.listReplicaSetForAllNamespaces(o), (o) => batch.listJobForAllNamespaces(o), (o) => core.listPodForAllNamespaces(o),
  ];
  let items = 0;
  for (const call of calls) {
    let next: string | undefined;
    do {
      const page = await call({ limit: 500, _continue: next });
      items += page.items.length;
      next = page.metadata?._continue || undefined;
    } while (next);
  }
  return items;
}

async function child(mode: Mode, server: string, ca: string, kubeconfig: string, configFile: string): Promise<void> {
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  let what = 0;
  if (mode === 'parse') what = await parseMode(server, ca);
  else if (mode === 'client-node') what = await clientNodeMode(kubeconfig);
  else {
    const k8s = parseConfig(`kubernetes:\n  kubeconfig: ${kubeconfig}\n`, configFile, {}).kubernetes!;
    const client = createKubeClient(resolveCluster(k8s));
    const d = await discover(client, k8s);
    what = d.workloads.length;
    if (mode === 'audit') {
      let findings = 0;
      for (const w of d.workloads) {
        const config = kubeWorkloadConfig(w, { config: k8s, reach: 'pod-ip', server, baseDir: path.dirname(configFile) });
        const m = kubeInfoOf(config)!.manifest;
        findings += analyzeManifestObject(m.name, m.value, null).findings.length;
      }
      what = findings;
    }
    client.close();
  }
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  process.send!({ ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024, what });
}

interface Measured {
  ms: number;
  /** CPU of the client process alone: the stand-in serving the lists runs in the parent. */
  cpuMs: number;
  maxRssMb: number;
  what: number;
}

function run(mode: Mode, args: string[]): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const c = fork(__filename, ['--child', mode, ...args], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    c.once('message', (m) => resolve(m as Measured));
    c.once('exit', (code) => code !== 0 && reject(new Error(`${mode} exited ${code}`)));
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  if (process.argv[2] === '--child') {
    const [, , , mode, server, caFile, kubeconfig, configFile] = process.argv;
    const { readFileSync } = await import('node:fs');
    return child(mode as Mode, server!, readFileSync(caFile!, 'utf8'), kubeconfig!, configFile!);
  }
  const api = await startKubeApi({ tokens: { admin: ADMIN } });
  populate(api);
  const kubeconfig = api.writeKubeconfig(path.join(tmpdir(), 'bench-kubeconfig'), { token: 'admin' });
  const configFile = path.join(tmpdir(), 'bench-distroready.yaml');
  writeFileSync(configFile, '');
  const args = [api.url, api.certs.caFile, kubeconfig, configFile];
  const results = new Map<Mode, Measured[]>();
  for (let r = 0; r < RUNS; r++) for (const mode of MODES) results.set(mode, [...(results.get(mode) ?? []), await run(mode, args)]);
  const med = (mode: Mode, key: keyof Measured): number => median(results.get(mode)!.map((x) => x[key]));
  console.log(`cluster: 2,000 controllers, 10,000 pods, 50 namespaces; ${RUNS} runs per mode, median; parse read ${(results.get('parse')![0]!.what / 1e6).toFixed(1)} MB of list bodies`);
  console.log('mode          wall ms  × parse   client CPU ms  × parse   peak RSS MB  × parse   result');
  for (const mode of MODES) {
    const what = results.get(mode)![0]!.what;
    const label = mode === 'parse' ? `${what} bytes` : mode === 'audit' ? `${what} findings` : mode === 'discover' ? `${what} workloads` : `${what} items`;
    const cell = (key: keyof Measured, w: number): string => `${med(mode, key).toFixed(0).padStart(w)} ${(med(mode, key) / med('parse', key)).toFixed(2).padStart(8)}`;
    console.log(`${mode.padEnd(12)} ${cell('ms', 8)} ${cell('cpuMs', 15)} ${cell('maxRssMb', 13)}   ${label}`);
  }
  await api.close();
}

void main();
