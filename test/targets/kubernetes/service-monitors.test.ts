/**
 * ServiceMonitors (monitoring.coreos.com/v1) as metrics claims, through `distroready check`
 * against the stand-in with real loopback servers as the pods: an endpoint that answers
 * with an exposition is true; a named port the Service lacks, or a port that answers
 * something else, is untrue with the ServiceMonitor and port in the evidence; a
 * namespaceSelector that leaves the namespace out claims nothing; a cluster without the
 * CRD reads nothing and warns of nothing; an account without the permission hears so at
 * start and the check is unknown. serve's watch keeps the claims current.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Report } from '../../../src/model';
import { ClusterWatch } from '../../../src/targets/kubernetes/cluster-watch';
import { openCluster } from '../../../src/targets/kubernetes/cluster';
import { kubeInfoOf } from '../../../src/targets/kubernetes/kube-workload';
import { silentLogger } from '../../../src/telemetry/logger';
import { CLI } from '../../support/examples-config';
import { eventually } from '../../support/eventually';
import { addDeployment, addNamespace, addService, addServiceMonitor } from '../../support/kube-api/fixtures';
import { httpServer, type TestServer } from '../../support/servers';
import { startCluster, type Cluster } from '../../support/kube-api/cluster';

const SMON = 'servicemonitors.monitoring.coreos.com';
const EXPOSITION = '# HELP up Up.\n# TYPE up gauge\nup 1\n';

function runCheck(config: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, 'check', '--config', config, '--format', 'json', '--probes', 'metrics'], { timeout: 60_000, maxBuffer: 32 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? -1) : 0, stdout, stderr });
    });
  });
}

interface SmFacts { claims: { source: string; names: string; url: string | null; found: boolean }[] | null; evidence: string[] }

describe('ServiceMonitor claims', () => {
  let c: Cluster;
  let app: TestServer;
  const check = (r: Report, w: string, id: string) => r.workloads.find((x) => x.name === w)?.checks.find((x) => x.id === id);
  const smFacts = (r: Report, w: string) => (r.workloads.find((x) => x.name === w)?.probes.metrics?.facts as { serviceMonitors?: SmFacts | null }).serviceMonitors;

  const configFor = (token = 'admin'): string => {
    const file = path.join(c.dir, `check-${token}.yaml`);
    writeFileSync(file, `otlp: { enabled: false }\nstorage: { path: ${JSON.stringify(path.join(c.dir, `${token}.db`))} }\nkubernetes:\n  kubeconfig: ${c.kubeconfig(token)}\n  reach: pod-ip\n  namespaces: [shop, monitoring]\n`);
    return file;
  };

  beforeAll(async () => {
    // One loopback server is every pod: /metrics is an exposition, / a page, /other a 404.
    app = await httpServer({ '/': (_q, r) => r.end('hello'), '/metrics': (_q, r) => { r.setHeader('content-type', 'text/plain; version=0.0.4'); r.end(EXPOSITION); } });
    c = await startCluster();
    c.api.crds.add(SMON);
    for (const ns of ['shop', 'monitoring']) addNamespace(c.api, ns);
    const ports = [{ name: 'http-metrics', containerPort: app.port }];
    for (const name of ['good', 'noport', 'silent', 'elsewhere', 'both']) {
      addDeployment(c.api, {
        namespace: 'shop', name, containers: [{ name: 'app', image: 'x', ports }],
        ...(name === 'both' ? { podAnnotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(app.port) } } : {}),
      });
    }
    // good: port name → Service port → named targetPort → the container port.
    addService(c.api, { namespace: 'shop', name: 'good', labels: { app: 'good', monitored: 'yes' }, selector: { app: 'good' }, ports: [{ name: 'metrics', port: 9090, targetPort: 'http-metrics' }] });
    addServiceMonitor(c.api, { namespace: 'monitoring', name: 'good', selector: { matchLabels: { monitored: 'yes' } }, namespaceSelector: { matchNames: ['shop'] }, endpoints: [{ port: 'metrics', interval: '30s' }] });
    // noport: the ServiceMonitor names a port the Service does not have.
    addService(c.api, { namespace: 'shop', name: 'noport', selector: { app: 'noport' }, ports: [{ name: 'http', port: 80, targetPort: app.port }] });
    addServiceMonitor(c.api, { namespace: 'shop', name: 'noport', selector: { matchLabels: { app: 'noport' } }, endpoints: [{ port: 'metrics' }] });
    // silent: the port exists, the path answers 404.
    addService(c.api, { namespace: 'shop', name: 'silent', selector: { app: 'silent' }, ports: [{ name: 'metrics', port: 80, targetPort: app.port }] });
    addServiceMonitor(c.api, { namespace: 'shop', name: 'silent', selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['silent'] }] }, endpoints: [{ port: 'metrics', path: '/other' }] });
    // elsewhere: the namespaceSelector leaves shop out.
    addService(c.api, { namespace: 'shop', name: 'elsewhere', selector: { app: 'elsewhere' }, ports: [{ name: 'metrics', port: 80, targetPort: app.port }] });
    addServiceMonitor(c.api, { namespace: 'monitoring', name: 'elsewhere', selector: { matchLabels: { app: 'elsewhere' } }, namespaceSelector: { matchNames: ['payments'] }, endpoints: [{ port: 'metrics' }] });
    // both: prometheus.io annotations and a ServiceMonitor, each judged.
    addService(c.api, { namespace: 'shop', name: 'both', selector: { app: 'both' }, ports: [{ name: 'metrics', port: 80, targetPort: app.port }] });
    addServiceMonitor(c.api, { namespace: 'shop', name: 'both', selector: { matchLabels: { app: 'both' } }, endpoints: [{ port: 'metrics', path: '/other' }] });
  }, 60_000);
  afterAll(async () => {
    await c?.api.close();
    await app?.close();
  });

  it('judges each endpoint a ServiceMonitor names by what answers there, naming the ServiceMonitor and port', async () => {
    const r = await runCheck(configFor());
    expect(r.stderr).not.toMatch(/unexpected error|permission missing/);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;

    expect(check(report, 'shop/deployment/good', 'metricsServiceMonitorUntrue')?.status).toBe('pass');
    // No annotation: the ServiceMonitor's endpoint is what is scraped.
    const goodFacts = report.workloads.find((w) => w.name === 'shop/deployment/good')!.probes.metrics!.facts as { url: string; source: string };
    expect(goodFacts).toMatchObject({ url: `http://127.0.0.1:${app.port}/metrics`, source: 'configured' });
    expect(smFacts(report, 'shop/deployment/good')).toMatchObject({ claims: [{ source: 'servicemonitor monitoring/good', names: 'port metrics', found: true }] });

    expect(check(report, 'shop/deployment/noport', 'metricsServiceMonitorUntrue')).toMatchObject({
      status: 'fail', evidence: [expect.stringMatching(/^servicemonitor shop\/noport endpoint port metrics \(Service shop\/noport\): no scrape target: Service shop\/noport has no port named metrics \(it has http\)$/)],
    });
    expect(check(report, 'shop/deployment/silent', 'metricsServiceMonitorUntrue')).toMatchObject({
      status: 'fail', evidence: [expect.stringMatching(new RegExp(`^servicemonitor shop/silent endpoint port metrics \\(Service shop/silent\\): GET http://127\\.0\\.0\\.1:${app.port}/other → 404`))],
    });

    // Left out by its namespaceSelector: no claim, so nothing to judge.
    expect(smFacts(report, 'shop/deployment/elsewhere')).toBeNull();
    expect(check(report, 'shop/deployment/elsewhere', 'metricsServiceMonitorUntrue')?.status).toBe('unknown');

    // Both claims kept: the annotation (scraped first) tells the truth, the ServiceMonitor does not.
    expect(check(report, 'shop/deployment/both', 'metricsAnnotationUntrue')?.status).toBe('pass');
    expect(check(report, 'shop/deployment/both', 'metricsServiceMonitorUntrue')?.status).toBe('fail');
    expect(smFacts(report, 'shop/deployment/both')?.claims).toEqual([{ source: 'servicemonitor shop/both', service: 'shop/both', names: 'port metrics', url: `http://127.0.0.1:${app.port}/other`, found: false }]);
  }, 60_000);

  it('without the permission, says so at start and leaves the check unknown', async () => {
    c.api.tokens.set('no-smon', {
      user: 'nosmon',
      rules: [
        { verbs: ['get', 'list', 'watch'], resources: ['deployments', 'replicasets', 'statefulsets', 'daemonsets', 'cronjobs', 'jobs', 'pods', 'namespaces', 'services'] },
        { verbs: ['get'], resources: ['pods/log'] },
        { verbs: ['create'], resources: ['selfsubjectaccessreviews'] },
      ],
    });
    const r = await runCheck(configFor('no-smon'));
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/permission missing: list servicemonitors\.monitoring\.coreos\.com in namespace shop: ServiceMonitors are not read, so the metrics endpoints ServiceMonitors name are not found, and metricsServiceMonitorUntrue is unknown/);
    const report = JSON.parse(r.stdout) as Report;
    expect(check(report, 'shop/deployment/good', 'metricsServiceMonitorUntrue')?.status).toBe('unknown');
    expect(check(report, 'shop/deployment/noport', 'metricsServiceMonitorUntrue')?.status).toBe('unknown');
  }, 60_000);

  it('in a cluster without the CRD reads no ServiceMonitor, warns of nothing, and claims nothing', async () => {
    c.api.crds.delete(SMON);
    try {
      const before = c.api.requests.length;
      const r = await runCheck(configFor());
      expect(r.code).toBe(0);
      expect(r.stderr).not.toMatch(/servicemonitor|permission missing|"level":(40|50)/i);
      const report = JSON.parse(r.stdout) as Report;
      for (const w of report.workloads) expect(check(report, w.name, 'metricsServiceMonitorUntrue')?.status).toBe('unknown');
      const asked = c.api.requests.slice(before).map((q) => q.path);
      expect(asked).toContain('/apis/monitoring.coreos.com/v1');
      expect(asked.filter((p) => p.endsWith('/servicemonitors') || p.endsWith('/services'))).toEqual([]);
      // Nothing else changed: the annotated workload is still judged by its annotations.
      expect(check(report, 'shop/deployment/both', 'metricsAnnotationUntrue')?.status).toBe('pass');
    } finally {
      c.api.crds.add(SMON);
    }
  }, 60_000);

  it('serve keeps the claims current: a fixed ServiceMonitor is seen through its watch', async () => {
    const kube = c.kube('  reach: pod-ip\n  watchRestart: 10s\n  limits: { requestTimeout: 2s }\n');
    const cluster = openCluster(kube, { baseDir: c.dir, shard: null, watch: true, logger: silentLogger() });
    const watch = new ClusterWatch(cluster, kube, silentLogger(), { idleTimeoutMs: 1500, backoff: { initialMs: 100, maxMs: 400 }, maxEventBytes: 256 * 1024 });
    try {
      await watch.start();
      const noport = () => kubeInfoOf(watch.workloads().find((w) => w.name === 'shop/deployment/noport') ?? { name: '' })?.serviceMonitors;
      await eventually('the watched claim', 15_000, async () => (noport()?.[0]?.problem ? true : undefined), undefined, 50);
      // Changed once the ServiceMonitors are watched, so the watch (not the first list) must carry the fix.
      const watching = (): boolean => c.api.requests.some((q) => q.path === '/apis/monitoring.coreos.com/v1/servicemonitors' && q.query.includes('watch=true'));
      await eventually('the ServiceMonitor watch', 15_000, async () => (watching() ? true : undefined), undefined, 50);
      const lists = watch.stats().lists;
      addServiceMonitor(c.api, { namespace: 'shop', name: 'noport', selector: { matchLabels: { app: 'noport' } }, endpoints: [{ port: 'http' }] });
      await eventually('the fixed claim', 15_000, async () => (noport()?.[0]?.url === `http://127.0.0.1:${app.port}/metrics` ? true : undefined), undefined, 50);
      expect(watch.stats().lists).toBe(lists);
    } finally {
      await watch.stop();
    }
  }, 30_000);
});
