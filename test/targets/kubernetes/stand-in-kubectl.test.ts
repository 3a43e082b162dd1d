/**
 * Holds the Kubernetes API stand-in to a real client: every answer distroready relies on
 * (discovery, lists and paging, selectors, watches, Status errors, pods/log, pods/proxy,
 * SelfSubjectAccessReview, 401/403) is read back through kubectl 1.32, so the stand-in
 * cannot drift from what a real client accepts.
 */
import { spawn } from 'node:child_process';
import * as https from 'node:https';
import * as path from 'node:path';
import { requireBinary } from '../../support/binaries';
import { eventually } from '../../support/eventually';
import { addCronJob, addDeployment, addNamespace, addServiceMonitor, addStatefulSet } from '../../support/kube-api/fixtures';
import { kubectlFor, type Kubectl } from '../../support/kube-api/kubectl';
import { ADMIN } from '../../support/kube-api/rbac';
import { startKubeApi, type KubeApi } from '../../support/kube-api/server';
import { httpServer, type TestServer } from '../../support/servers';

const kubectl = requireBinary('kubectl');
const describeIf = kubectl ? describe : describe.skip;

describeIf('the API stand-in, read by real kubectl', () => {
  let api: KubeApi;
  let k: Kubectl;
  let pod: TestServer;
  let podPort: number;

  beforeAll(async () => {
    pod = await httpServer({ '/healthz': (req, res) => res.end(`ok auth=${req.headers.authorization ?? 'none'}`) });
    podPort = pod.port;
    api = await startKubeApi({
      tokens: {
        admin: ADMIN,
        reader: { user: 'system:serviceaccount:ops:reader', rules: [{ verbs: ['get', 'list', 'watch'], resources: ['pods', 'pods/log'], namespaces: ['shop'] }] },
      },
    });
    addNamespace(api, 'shop');
    addNamespace(api, 'payments');
    addDeployment(api, { namespace: 'shop', name: 'checkout', podLabels: { tier: 'web' }, containers: [{ name: 'app', image: 'shop/checkout:1', ports: [{ containerPort: podPort }] }, { name: 'sidecar', image: 'envoy' }], pods: [{}, { waiting: 'CrashLoopBackOff', restarts: 4 }] });
    addDeployment(api, { namespace: 'shop', name: 'cart', podLabels: { tier: 'api' }, containers: [{ name: 'app' }], pods: [{ ip: null }] });
    addStatefulSet(api, { namespace: 'payments', name: 'ledger', containers: [{ name: 'db' }] });
    addCronJob(api, { namespace: 'payments', name: 'settle', containers: [{ name: 'job' }] });
    k = kubectlFor(api, kubectl!, 'admin');
  });
  afterAll(async () => {
    await api?.close();
    await pod?.close();
  });

  const names = (stdout: string): string[] => stdout.trim().split('\n').slice(1).map((l) => l.trim().split(/\s+/)[0]!).filter(Boolean);

  it('resolves `get deploy` through discovery and fills kind/apiVersion into list items that carry none', async () => {
    const r = await k.run(['get', 'deploy', '-A', '-o', 'json']);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as { items: { kind: string; apiVersion: string; metadata: { namespace: string; name: string } }[] };
    expect(list.items.map((i) => `${i.metadata.namespace}/${i.metadata.name}`).sort()).toEqual(['shop/cart', 'shop/checkout']);
    expect(list.items.every((i) => i.kind === 'Deployment' && i.apiVersion === 'apps/v1')).toBe(true);
    const raw = JSON.parse((await k.run(['get', '--raw', '/apis/apps/v1/deployments'])).stdout) as { kind: string; metadata: { resourceVersion: string }; items: Record<string, unknown>[] };
    expect(raw.kind).toBe('DeploymentList');
    expect(Number(raw.metadata.resourceVersion)).toBe(api.store.resourceVersion);
    expect(raw.items.every((i) => !('kind' in i) && !('apiVersion' in i))).toBe(true);
  });

  it('resolves short names and prints the server-side table', async () => {
    const sts = await k.run(['get', 'sts', '-n', 'payments']);
    expect(names(sts.stdout)).toEqual(['ledger']);
    const cj = await k.run(['get', 'cj', '-n', 'payments', '-o', 'name']);
    expect(cj.stdout.trim()).toBe('cronjob.batch/settle');
    const pods = await k.run(['get', 'pods', '-n', 'shop', '-l', 'app=checkout']);
    expect(pods.code).toBe(0);
    const rows = pods.stdout.trim().split('\n').map((l) => l.split(/\s+/));
    expect(rows[0]).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    expect(rows.slice(1).map((r) => r.slice(1, 4))).toEqual([['2/2', 'Running', '0'], ['0/2', 'CrashLoopBackOff', '8']]);
  });

  it.each([
    ['app=checkout', ['checkout-5d8f7c9b4-x0000', 'checkout-5d8f7c9b4-x0001']],
    ['app==cart', ['cart-5d8f7c9b4-x0000']],
    ['app!=checkout', ['cart-5d8f7c9b4-x0000']],
    ['tier in (web,api)', ['cart-5d8f7c9b4-x0000', 'checkout-5d8f7c9b4-x0000', 'checkout-5d8f7c9b4-x0001']],
    ['tier notin (web)', ['cart-5d8f7c9b4-x0000']],
    ['tier', ['cart-5d8f7c9b4-x0000', 'checkout-5d8f7c9b4-x0000', 'checkout-5d8f7c9b4-x0001']],
    ['!tier', []],
    ['app=checkout,tier=api', []],
  ])('selects pods with -l %s', async (selector, expected) => {
    const r = await k.run(['get', 'pods', '-n', 'shop', '-l', selector, '-o', 'name']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n').filter(Boolean).map((l) => l.replace('pod/', '')).sort()).toEqual(expected);
  });

  it('refuses a malformed selector with the server\'s message', async () => {
    const r = await k.run(['get', '--raw', '/api/v1/pods?labelSelector=a%3Db%3Dc']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/BadRequest|unable to parse requirement/);
  });

  it('pages a list with limit/continue over a consistent snapshot, and expires a compacted token', async () => {
    const before = api.requests.length;
    const r = await k.run(['get', 'pods', '-A', '--chunk-size=1', '-o', 'name']);
    expect(r.stdout.trim().split('\n')).toHaveLength(5);
    expect(api.requests.slice(before).filter((q) => q.query.includes('continue=')).length).toBe(4);
    const first = JSON.parse((await k.run(['get', '--raw', '/api/v1/pods?limit=2'])).stdout) as { metadata: { continue: string; remainingItemCount: number } };
    expect(first.metadata.remainingItemCount).toBe(3);
    addNamespace(api, 'late');
    api.store.compact();
    const expired = await k.run(['get', '--raw', `/api/v1/pods?limit=2&continue=${first.metadata.continue}`]);
    expect(expired.stderr).toContain('Error from server (Expired): The provided continue parameter is too old');
    api.store.remove('Namespace', undefined, 'late');
  });

  it('reads pods/log with container, tail, timestamps, previous and limitBytes', async () => {
    const podName = 'checkout-5d8f7c9b4-x0000';
    api.logs.append('shop', podName, 'app', ['{"level":"info","msg":"one"}', 'two', 'three']);
    api.logs.append('shop', 'checkout-5d8f7c9b4-x0001', 'app', ['panic: boom'], { previous: true });
    expect((await k.run(['logs', podName, '-c', 'app', '--tail=2', '-n', 'shop'])).stdout).toBe('two\nthree\n');
    expect((await k.run(['logs', podName, '-c', 'app', '--tail=0', '-n', 'shop'])).stdout).toBe('');
    const stamped = (await k.run(['logs', podName, '-c', 'app', '--timestamps', '--since=1h', '-n', 'shop'])).stdout.trim().split('\n');
    expect(stamped).toHaveLength(3);
    expect(stamped[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z \{"level":"info","msg":"one"\}$/);
    expect((await k.run(['logs', 'checkout-5d8f7c9b4-x0001', '-c', 'app', '-p', '-n', 'shop'])).stdout).toBe('panic: boom\n');
    const notRestarted = await k.run(['logs', podName, '-c', 'app', '-p', '-n', 'shop']);
    expect(notRestarted.stderr).toContain(`previous terminated container "app" in pod "${podName}" not found`);
    expect((await k.run(['logs', podName, '-c', 'app', '--limit-bytes=5', '-n', 'shop'])).stdout).toBe('{"lev');
    const noContainer = await k.run(['get', '--raw', `/api/v1/namespaces/shop/pods/${podName}/log`]);
    expect(noContainer.stderr).toContain(`a container name must be specified for pod ${podName}, choose one of: [app sidecar]`);
    const q = api.logs.requests.find((p) => p.get('tailLines') === '0');
    expect(q?.get('container')).toBe('app');
  });

  it('answers SelfSubjectAccessReview per token, and enforces the same rules on requests', async () => {
    const can = (args: string[], token?: string) => k.run(['auth', 'can-i', ...args], { token });
    expect(await can(['list', 'pods', '-n', 'shop'], 'reader')).toMatchObject({ code: 0, stdout: 'yes\n' });
    expect(await can(['get', 'pods', '--subresource=log', '-n', 'shop'], 'reader')).toMatchObject({ code: 0, stdout: 'yes\n' });
    expect(await can(['list', 'pods', '-n', 'payments'], 'reader')).toMatchObject({ code: 1, stdout: 'no\n' });
    expect(await can(['list', 'deployments', '-n', 'shop'], 'reader')).toMatchObject({ code: 1, stdout: 'no\n' });
    expect(await can(['create', 'pods', '--subresource=exec', '-n', 'shop'])).toMatchObject({ code: 0, stdout: 'yes\n' });
    const forbidden = await k.run(['get', 'pods', '-A'], { token: 'reader' });
    expect(forbidden.stderr).toContain('Error from server (Forbidden): pods is forbidden: User "system:serviceaccount:ops:reader" cannot list resource "pods" in API group "" at the cluster scope');
    const deploys = await k.run(['get', 'deploy', '-n', 'shop'], { token: 'reader' });
    expect(deploys.stderr).toContain('deployments.apps is forbidden: User "system:serviceaccount:ops:reader" cannot list resource "deployments" in API group "apps" in the namespace "shop"');
  });

  it('answers 401 without a token or with a wrong one', async () => {
    expect((await k.run(['get', 'pods'], { token: 'wrong' })).stderr).toContain('error: You must be logged in to the server');
    // With no credentials at all, a 401 makes kubectl ask for a username, as it does with a real server.
    const bare = kubectlFor(api, kubectl!, '""');
    expect((await bare.run(['get', '--raw', '/api/v1/pods'])).stdout).toContain('Please enter Username');
    const body = await new Promise<string>((resolve, reject) => {
      https.get(`${api.url}/api/v1/pods`, { ca: api.certs.ca }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve(`${res.statusCode} ${text}`));
      }).on('error', reject);
    });
    expect(body).toBe('401 {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}');
  });

  it('answers NotFound as a Status', async () => {
    const r = await k.run(['get', 'pod', 'nope', '-n', 'shop']);
    expect(r.stderr).toContain('Error from server (NotFound): pods "nope" not found');
    const d = await k.run(['get', 'deploy', 'nope', '-n', 'shop']);
    expect(d.stderr).toContain('Error from server (NotFound): deployments.apps "nope" not found');
  });

  it('proxies to the pod without the caller\'s token, and refuses a pod without an IP', async () => {
    const r = await k.run(['get', '--raw', `/api/v1/namespaces/shop/pods/checkout-5d8f7c9b4-x0000:${podPort}/proxy/healthz`]);
    expect(r).toMatchObject({ code: 0, stdout: 'ok auth=none' });
    const defaultPort = await k.run(['get', '--raw', '/api/v1/namespaces/shop/pods/checkout-5d8f7c9b4-x0000/proxy/healthz']);
    expect(defaultPort.stdout).toBe('ok auth=none');
    const noIp = await k.run(['get', '--raw', '/api/v1/namespaces/shop/pods/cart-5d8f7c9b4-x0000:8080/proxy/healthz']);
    expect(noIp.stderr).toContain('address not allowed');
    const closed = await k.run(['get', '--raw', '/api/v1/namespaces/shop/pods/checkout-5d8f7c9b4-x0000:1/proxy/healthz']);
    expect(closed.stderr).toContain('error trying to reach service: dial tcp 127.0.0.1:1: connect: connection refused');
  });

  it('streams a watch of ADDED, MODIFIED and DELETED events that kubectl follows', async () => {
    const child = spawn(kubectl!, ['--kubeconfig', k.kubeconfig, 'get', 'deploy', '-n', 'shop', '-w', '--output-watch-events', '-o', 'custom-columns=TYPE:.type,NAME:.object.metadata.name,REPLICAS:.object.spec.replicas'], { env: { PATH: process.env.PATH, HOME: path.dirname(k.kubeconfig) } });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    try {
      await eventually('the initial list', 10_000, async () => (out.includes('checkout') ? true : undefined));
      const { controller } = addDeployment(api, { namespace: 'shop', name: 'search', containers: [{ name: 'app' }] });
      api.store.put('Deployment', { ...controller, spec: { ...(controller.spec as object), replicas: 3 } });
      api.store.remove('Deployment', 'shop', 'search');
      const lines = await eventually('the three events', 10_000, async () => {
        const seen = out.split('\n').filter((l) => l.includes('search')).map((l) => l.split(/\s+/));
        return seen.length >= 3 ? seen : undefined;
      });
      expect(lines).toEqual([['ADDED', 'search', '1'], ['MODIFIED', 'search', '3'], ['DELETED', 'search', '3']]);
    } finally {
      child.kill();
    }
  });

  it('ends a watch from a compacted resourceVersion with an ERROR event carrying 410', async () => {
    api.store.compact();
    const r = await k.run(['get', '--raw', '/apis/apps/v1/deployments?watch=true&resourceVersion=5&timeoutSeconds=2']);
    const event = JSON.parse(r.stdout.trim().split('\n')[0]!) as { type: string; object: { kind: string; code: number; reason: string } };
    expect(event).toMatchObject({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired' } });
  });
  it('serves a CRD group only while it is installed: kubectl finds servicemonitors then, and not before', async () => {
    const absent = await k.run(['get', 'servicemonitors', '-A']);
    expect(absent.code).not.toBe(0);
    expect(absent.stderr).toMatch(/the server doesn't have a resource type "servicemonitors"/);
    const raw = await k.run(['get', '--raw', '/apis/monitoring.coreos.com/v1']);
    expect(raw.code).not.toBe(0);
    expect(raw.stderr).toMatch(/NotFound|could not find the requested resource|404/);
    api.crds.add('servicemonitors.monitoring.coreos.com');
    try {
      addServiceMonitor(api, { namespace: 'shop', name: 'checkout', selector: { matchLabels: { app: 'checkout' } }, endpoints: [{ port: 'metrics' }] });
      // A fresh HOME: kubectl caches discovery, and a real client would see the CRD after its cache expires.
      const fresh = kubectlFor(api, kubectl!, 'admin');
      const r = await fresh.run(['get', 'smon', '-n', 'shop', '-o', 'json']);
      expect(r.code).toBe(0);
      const list = JSON.parse(r.stdout) as { items: { kind: string; apiVersion: string; metadata: { name: string }; spec: { endpoints: { port: string }[] } }[] };
      expect(list.items).toMatchObject([{ kind: 'ServiceMonitor', apiVersion: 'monitoring.coreos.com/v1', metadata: { name: 'checkout' }, spec: { endpoints: [{ port: 'metrics' }] } }]);
      const can = await fresh.run(['auth', 'can-i', 'watch', 'servicemonitors.monitoring.coreos.com', '-n', 'shop']);
      expect(can.stdout.trim()).toBe('yes');
    } finally {
      api.crds.delete('servicemonitors.monitoring.coreos.com');
      api.store.remove('ServiceMonitor', 'shop', 'checkout');
    }
  });
});
