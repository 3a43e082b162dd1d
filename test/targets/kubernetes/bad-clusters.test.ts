/**
 * A cluster that cannot be read is normal input: `check` exits 2 before probing with a
 * message naming the kubeconfig, the context and the call that failed, whether the API
 * server is unreachable, untrusted, hangs, refuses the account, or sends a 50 MB list
 * (which is cut at the page cap, not read to the end).
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { freePort } from '../../support/binaries';
import { CLI } from '../../support/examples-config';
import { addDeployment, addNamespace } from '../../support/kube-api/fixtures';
import { startCluster, type Cluster } from '../../support/kube-api/cluster';

function check(config: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, 'check', '--config', config], { timeout: 60_000 }, (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? -1) : 0, stdout, stderr }));
  });
}

describe('check against a cluster that cannot be read', () => {
  let c: Cluster;
  let n = 0;
  const configWith = (kubeconfig: string, extra = ''): string => {
    const file = path.join(c.dir, `bad-${n++}.yaml`);
    writeFileSync(file, `otlp: { enabled: false }\nkubernetes:\n  kubeconfig: ${kubeconfig}\n  limits: { requestTimeout: 1s, maxPageBytes: 4194304 }\n${extra}`);
    return file;
  };
  const prefix = (file: string): RegExp => new RegExp(`^distroready: kubernetes: kubeconfig .*${path.basename(file)}, context "stand-in" \\(https://127\\.0\\.0\\.1:\\d+\\): could not list deployments\\.apps \\(GET /apis/apps/v1/deployments\\?limit=500`);

  beforeAll(async () => {
    c = await startCluster({ nobody: { user: 'nobody', rules: [] } });
    addNamespace(c.api, 'shop');
    addDeployment(c.api, { namespace: 'shop', name: 'checkout', containers: [{ name: 'app' }] });
  });
  afterAll(() => c.api.close());
  afterEach(() => {
    c.api.knobs.hang = null;
    c.api.knobs.hugeList = null;
  });

  it('names an unreachable API server', async () => {
    const kc = path.join(c.dir, 'kc-closed');
    c.api.writeKubeconfig(kc, { token: 'admin' });
    const closedPort = await freePort();
    writeFileSync(kc, (await import('node:fs')).readFileSync(kc, 'utf8').replace(/127\.0\.0\.1:\d+/, `127.0.0.1:${closedPort}`));
    const r = await check(configWith(kc));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/could not list deployments\.apps \(GET \/apis\/apps\/v1\/deployments\?limit=500\): connect ECONNREFUSED 127\.0\.0\.1:\d+; is the API server address right, and reachable from here\?/);
    expect(r.stdout).toBe('');
  });

  it('names a server whose certificate the kubeconfig does not trust', async () => {
    const kc = c.api.writeKubeconfig(path.join(c.dir, 'kc-noca'), { token: 'admin', caFile: null });
    const r = await check(configWith(kc));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(prefix(kc));
    expect(r.stderr).toMatch(/certificate.*; the server certificate is not trusted: check the kubeconfig's certificate-authority/);
  });

  it('gives up on a server that never answers, at the request timeout', async () => {
    c.api.knobs.hang = /deployments/;
    const kc = c.kubeconfig();
    const r = await check(configWith(kc));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(prefix(kc));
    expect(r.stderr).toContain('): no complete answer within 1000 ms; the API server did not answer in time');
  });

  it('says what the account may not do', async () => {
    const kc = c.kubeconfig('nobody');
    const r = await check(configWith(kc));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('could not list any of Deployment, StatefulSet, DaemonSet, CronJob (list deployments.apps at the cluster scope → 403 Forbidden): deployments.apps is forbidden: User "nobody" cannot list resource "deployments" in API group "apps" at the cluster scope; grant the ClusterRole in deploy/rbac.yaml');
  });

  it('stops reading a 50 MB list at the page cap instead of reading it all', async () => {
    c.api.knobs.hugeList = /\/pods/;
    c.api.counters.hugeBytesSent = 0;
    const r = await check(configWith(c.kubeconfig()));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/could not list pods \(GET \/api\/v1\/pods\?limit=500\): the answer is larger than 4194304 bytes; narrow kubernetes\.namespaces or kubernetes\.labelSelector, or raise kubernetes\.limits/);
    // What the server got onto the wire before the client hung up: far from the 50 MB it meant to send.
    expect(c.api.counters.hugeBytesSent).toBeLessThan(25 * 1024 * 1024);
  });

  it('names a context the kubeconfig does not have, and a kubeconfig that is not there', async () => {
    const r = await check(configWith(c.kubeconfig(), '  context: prod\n'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^distroready: kubernetes: kubeconfig .*kubeconfig-admin: no context "prod"; kubernetes\.context must be one of stand-in$/m);
    const gone = await check(configWith(path.join(c.dir, 'missing-kubeconfig')));
    expect(gone.code).toBe(2);
    expect(gone.stderr).toMatch(/kubeconfig .*missing-kubeconfig: file not found; set kubernetes\.kubeconfig to a readable kubeconfig/);
  });
});
