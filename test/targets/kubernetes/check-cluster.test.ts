/**
 * `distroready check` with only a `kubernetes:` section: every controller in the stand-in
 * cluster is scored under its namespace/kind/name, the example workloads run as the pods
 * (their stdout fed to pods/log), exec probes in pod templates are blockers, a pod that is
 * not ready is reported and not probed, and an unreadable cluster exits 2 before probing.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import type { Report } from '../../../src/model';
import { freePort } from '../../support/binaries';
import { CLI, ROOT } from '../../support/examples-config';
import { addCronJob, addDeployment, addNamespace, type ContainerInput } from '../../support/kube-api/fixtures';
import { startPodProcess, type PodProcess } from '../../support/kube-api/pod-process';
import { httpServer, type TestServer } from '../../support/servers';
import { startCluster, type Cluster } from '../../support/kube-api/cluster';

const ex = (p: string): string => path.join(ROOT, 'examples', 'workloads', p);
const container = (file: string): ContainerInput => (parse(readFileSync(ex(file), 'utf8')) as { spec: { template: { spec: { containers: ContainerInput[] } } } }).spec.template.spec.containers[0]!;

function runCheck(config: string, args: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, 'check', '--config', config, ...args], { timeout: 60_000, maxBuffer: 32 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? -1) : 0, stdout, stderr });
    });
  });
}

describe('check with only a kubernetes: section', () => {
  let c: Cluster;
  const pods: PodProcess[] = [];
  let config: string;
  let liar: TestServer;

  beforeAll(async () => {
    c = await startCluster();
    addNamespace(c.api, 'shop');
    const [readyPort, legacyPort] = await Promise.all([freePort(), freePort()]);
    const ready = container('ready/deployment.yaml');
    const readyDep = addDeployment(c.api, {
      namespace: 'shop', name: 'ready', labels: { app: 'ready', team: 'web' },
      podAnnotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(readyPort), 'prometheus.io/path': '/metrics' },
      containers: [{ ...ready, ports: [{ containerPort: readyPort }], livenessProbe: { httpGet: { path: '/livez', port: readyPort } }, readinessProbe: { httpGet: { path: '/readyz', port: readyPort } } }],
    });
    const legacy = container('legacy/deployment.yaml');
    const legacyDep = addDeployment(c.api, { namespace: 'shop', name: 'legacy', containers: [{ ...legacy, ports: [{ containerPort: legacyPort }] }], podSpec: { volumes: [{ name: 'logs', emptyDir: {} }] } });
    addDeployment(c.api, {
      namespace: 'shop', name: 'crashy', annotations: { 'distroready.io/ignore': 'shellNoProbes, healthLivenessMissing', 'distroready.io/ignore-reason': 'retired in Q3' },
      containers: [{ name: 'app', image: 'x', ports: [{ containerPort: 9 }] }], pods: [{ waiting: 'CrashLoopBackOff', restarts: 7 }] });
    liar = await httpServer({ '/': (_q, r) => r.end('hi'), '/metrics': (_q, r) => r.end('# TYPE up gauge\nup 1\n') });
    addDeployment(c.api, {
      namespace: 'shop', name: 'liar',
      podAnnotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '1', 'instrumentation.opentelemetry.io/inject-java': 'true' },
      containers: [{ name: 'app', image: 'shop/liar:2', ports: [{ containerPort: liar.port }], securityContext: { readOnlyRootFilesystem: true } }],
    });
    addCronJob(c.api, { namespace: 'shop', name: 'nightly', containers: [{ name: 'job', image: 'x', command: ['sh', '-c', 'run-backup'] }], pods: [] });
    // Both at once; whichever started is stopped in afterAll even if the other did not.
    const started = await Promise.allSettled([
      startPodProcess(c.api, { namespace: 'shop', pod: readyDep.pods[0]!.metadata.name, container: 'app', argv: [process.execPath, ex('ready/server.js')], cwd: ROOT, port: readyPort }),
      startPodProcess(c.api, { namespace: 'shop', pod: legacyDep.pods[0]!.metadata.name, container: 'app', argv: [process.execPath, ex('legacy/server.js')], cwd: ROOT, port: legacyPort }),
    ]);
    for (const s of started) if (s.status === 'fulfilled') pods.push(s.value);
    for (const s of started) if (s.status === 'rejected') throw s.reason;
    config = path.join(c.dir, 'check.yaml');
    writeFileSync(config, `otlp: { enabled: false }\nstorage: { path: ${JSON.stringify(path.join(c.dir, 'h.db'))} }\nprobes: { logs: { windowMs: 300 } }\nkubernetes:\n  kubeconfig: ${c.kubeconfig()}\n  reach: pod-ip\n  dockerfiles: { example.com/ready: ${JSON.stringify(ex('ready/Dockerfile'))} }\n`);
  }, 90_000);
  afterAll(async () => {
    await Promise.all(pods.map((p) => p.stop()));
    await liar?.close();
    await c.api.close();
  });

  it('scores every controller by namespace/kind/name, live probes by pod IP, logs through pods/log', async () => {
    const r = await runCheck(config, ['--format', 'json']);
    expect(r.stderr).not.toMatch(/unexpected error/);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    const byName = new Map(report.workloads.map((w) => [w.name, w]));
    expect([...byName.keys()].sort()).toEqual(['shop/cronjob/nightly', 'shop/deployment/crashy', 'shop/deployment/legacy', 'shop/deployment/liar', 'shop/deployment/ready']);

    const ready = byName.get('shop/deployment/ready')!;
    expect(ready.reach.status).toBe('reached');
    expect(ready.probes.health?.facts).toMatchObject({ livenessSource: 'configured' });
    expect(String((ready.probes.metrics?.facts as { url: string }).url)).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(ready.checks.find((x) => x.id === 'logsNotStructured')?.status).toBe('pass');
    expect(ready.checks.find((x) => x.id === 'logsNotOnStdout')?.evidence.join(' ')).toMatch(/pods\/log shop\/ready-.* container app/);
    expect(ready.blockers).toEqual([]);
    // Grouped by namespace, or by the team label (report.groupBy: team), in the report and the dashboard.
    expect(ready).toMatchObject({ namespace: 'shop', labels: { team: 'web' } });

    const legacy = byName.get('shop/deployment/legacy')!;
    expect(legacy.verdict).toBe('not-ready');
    expect(legacy.blockers).toEqual(expect.arrayContaining(['shellExecProbe', 'shellContainerCommand']));
    const exec = legacy.checks.find((x) => x.id === 'shellExecProbe')!;
    expect(exec.evidence.join('\n')).toMatch(/shop\/Deployment\/legacy:\d+: shop\/Deployment\/legacy container app: readinessProbe exec runs sh -c/);
    expect(legacy.checks.find((x) => x.id === 'logsNotStructured')?.status).toBe('fail');

    // The prometheus.io annotations are claims: true for ready, false for liar (port 1 answers nothing).
    expect(ready.checks.find((x) => x.id === 'metricsAnnotationUntrue')?.status).toBe('pass');
    const liar = byName.get('shop/deployment/liar')!;
    expect(liar.checks.find((x) => x.id === 'metricsAnnotationUntrue')).toMatchObject({ status: 'fail', evidence: expect.arrayContaining(['prometheus.io/port=1']) });
    // The image's ENTRYPOINT is unknown without its Dockerfile; ready's image is mapped in the config.
    expect(liar.incomplete).toContainEqual({ probe: 'shell', reason: expect.stringContaining('container app (image shop/liar:2) sets no command'), input: expect.stringContaining('distroready.io/dockerfile') });
    expect(ready.incomplete.filter((m) => m.probe === 'shell')).toEqual([]);
    expect(ready.checks.find((x) => x.id === 'shellFormEntrypoint')?.status).toBe('pass');
    expect(liar.probes.traces?.reason).toContain('the OpenTelemetry operator injects java instrumentation');

    const crashy = byName.get('shop/deployment/crashy')!;
    expect(crashy.reach).toMatchObject({ status: 'unreachable', detail: 'no ready pod: crashy-5d8f7c9b4-x0000: container app CrashLoopBackOff (7 restarts)' });
    expect(crashy.probes.health?.status).toBe('unknown');
    // The ignore annotation's shell ids are suppressed by the shell probe, with its reason and the object as the source.
    expect(crashy.checks.find((x) => x.id === 'shellNoProbes')).toMatchObject({ status: 'suppressed', suppressed: { reason: expect.stringContaining('retired in Q3'), source: 'shop/Deployment/crashy annotation' } });

    const nightly = byName.get('shop/cronjob/nightly')!;
    expect(nightly.reach.detail).toBe('no running pod: it runs pods only while a job runs');
    expect(nightly.blockers).toContain('shellContainerCommand');
    // Never exec: nothing asked the API server for pods/exec or attach.
    expect(c.api.requests.filter((q) => /\/(exec|attach|portforward)$/.test(q.path))).toEqual([]);
    expect(c.api.requests.some((q) => q.path.endsWith('/log') && q.query.includes('container=app'))).toBe(true);
  }, 90_000);

  it('reaches pods through the API server\'s pods/proxy with the kubeconfig\'s credentials, over kept-alive connections', async () => {
    const proxied = path.join(c.dir, 'proxy.yaml');
    writeFileSync(proxied, `otlp: { enabled: false }\nstorage: { path: ${JSON.stringify(path.join(c.dir, 'p.db'))} }\nprobes: { logs: { windowMs: 300 } }\nkubernetes:\n  kubeconfig: ${c.kubeconfig()}\n  reach: api-proxy\n  labelSelector: app=ready\n`);
    const before = c.api.requests.length;
    const r = await runCheck(proxied, ['--format', 'json', '--probes', 'health,metrics']);
    expect(r.stderr).not.toMatch(/unexpected error/);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.workloads.map((w) => w.name)).toEqual(['shop/deployment/ready']);
    const ready = report.workloads[0]!;
    // The stand-in answers 401 to a proxy request without the token: reached means the credentials went along.
    expect(ready.reach).toMatchObject({ status: 'reached', detail: expect.stringContaining("answers through the API server's pods/proxy") });
    expect(ready.checks.find((x) => x.id === 'healthLivenessMissing')?.status).toBe('pass');
    expect(String((ready.probes.metrics?.facts as { url: string }).url)).toMatch(/\/api\/v1\/namespaces\/shop\/pods\/ready-[^/]+:\d+\/proxy\/metrics$/);
    const proxy = c.api.requests.slice(before).filter((q) => q.path.includes('/proxy'));
    expect(proxy.every((q) => q.user !== null)).toBe(true);
    // After the first (reach) request, the probes' requests share the workload's kept-alive connections.
    expect(proxy.length).toBeGreaterThan(3);
    expect(new Set(proxy.slice(1).map((q) => q.connection)).size).toBeLessThan(proxy.length - 1);
  }, 60_000);

  it('without get on pods/log, says so at start and leaves the logs checks unknown with the refusal, not failed', async () => {
    c.api.tokens.set('no-logs', {
      user: 'nolog',
      rules: [
        { verbs: ['get', 'list', 'watch'], resources: ['deployments', 'replicasets', 'statefulsets', 'daemonsets', 'cronjobs', 'jobs', 'pods', 'namespaces', 'services', 'endpointslices'] },
        { verbs: ['create'], resources: ['selfsubjectaccessreviews'] },
      ],
    });
    const noLogs = path.join(c.dir, 'no-logs.yaml');
    writeFileSync(noLogs, `otlp: { enabled: false }\nstorage: { path: ${JSON.stringify(path.join(c.dir, 'n.db'))} }\nprobes: { logs: { windowMs: 100 } }\nkubernetes:\n  kubeconfig: ${c.kubeconfig('no-logs')}\n  reach: pod-ip\n  labelSelector: app=ready\n`);
    const r = await runCheck(noLogs, ['--format', 'json', '--probes', 'logs']);
    expect(r.stderr).toMatch(/permission missing: get pods\/log.*logs checks are unknown/);
    const ready = (JSON.parse(r.stdout) as Report).workloads[0]!;
    const logs = ready.checks.filter((x) => x.probe === 'logs');
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.filter((x) => x.status === 'fail' || x.status === 'pass')).toEqual([]);
    // The access review settled it at start: the probe says why, and pods/log is not even asked.
    expect(ready.probes.logs?.reason).toBe('the account may not get pods/log in namespace shop, so the logs are unknown; grant it (deploy/rbac.yaml)');
    expect(c.api.requests.filter((q) => q.user === 'nolog' && q.path.endsWith('/log'))).toEqual([]);
  }, 60_000);

  it('exits 2 before probing when the cluster refuses the credentials, naming kubeconfig and context', async () => {
    const bad = path.join(c.dir, 'bad.yaml');
    c.api.tokens.delete('gone');
    writeFileSync(bad, `otlp: { enabled: false }\nkubernetes:\n  kubeconfig: ${c.api.writeKubeconfig(path.join(c.dir, 'kc-gone'), { token: 'gone' })}\n`);
    const r = await runCheck(bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^distroready: kubernetes: kubeconfig .*kc-gone, context "stand-in" \(https:\/\/127\.0\.0\.1:\d+\): could not list deployments\.apps \(GET \/apis\/apps\/v1\/deployments\?limit=500 → 401 Unauthorized\): Unauthorized; the credentials were refused/m);
    expect(r.stdout).toBe('');
  }, 30_000);
});
