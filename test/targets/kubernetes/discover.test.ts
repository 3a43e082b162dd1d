/** Discovery through the stand-in: workloads by kind, pods by owner, the pod chosen, paging, selectors and scope. */
import { discover } from '../../../src/targets/kubernetes/discover';
import { addCronJob, addDaemonSet, addDeployment, addNamespace, addStatefulSet } from '../../support/kube-api/fixtures';
import { startCluster, type Cluster } from '../../support/kube-api/cluster';

describe('kubernetes discovery', () => {
  let c: Cluster;

  beforeAll(async () => {
    c = await startCluster();
    const { api } = c;
    for (const ns of ['shop', 'payments', 'ops']) addNamespace(api, ns);
    addDeployment(api, { namespace: 'shop', name: 'checkout', labels: { app: 'checkout', team: 'orders' }, containers: [{ name: 'app' }], pods: [{ restarts: 2 }, {}, { waiting: 'CrashLoopBackOff', restarts: 9 }] });
    addDeployment(api, { namespace: 'shop', name: 'cart', podLabels: { team: 'basket' }, containers: [{ name: 'app' }], pods: [{ ip: null }, { ready: false }] });
    addDeployment(api, { namespace: 'shop', name: 'idle', containers: [{ name: 'app' }], pods: [] });
    addStatefulSet(api, { namespace: 'payments', name: 'ledger', containers: [{ name: 'db' }], pods: [{}, {}] });
    addDaemonSet(api, { namespace: 'ops', name: 'agent', containers: [{ name: 'agent' }] });
    addCronJob(api, { namespace: 'payments', name: 'settle', containers: [{ name: 'job' }], pods: [] });
    // A pod no controller owns is not a workload.
    api.store.put('Pod', { metadata: { name: 'stray', namespace: 'shop' }, spec: { containers: [{ name: 'x' }] }, status: {} });
  });
  afterAll(() => c.api.close());

  it('names every controller namespace/kind/name and traces pods through ReplicaSets', async () => {
    const d = await discover(c.client(), c.kube());
    expect(d.workloads.map((w) => w.name)).toEqual([
      'ops/daemonset/agent', 'payments/cronjob/settle', 'payments/statefulset/ledger', 'shop/deployment/cart', 'shop/deployment/checkout', 'shop/deployment/idle',
    ]);
    const checkout = d.workloads.find((w) => w.name === 'shop/deployment/checkout')!;
    expect(checkout.pods).toHaveLength(3);
    // Of the two ready pods, the one that never restarted.
    expect(checkout.chosen?.name).toBe('checkout-5d8f7c9b4-x0001');
    expect(checkout.unreachable).toBeNull();
    expect(checkout.team).toBe('orders');
    expect(checkout.object).toMatchObject({ kind: 'Deployment', apiVersion: 'apps/v1', metadata: { name: 'checkout' } });
    expect(checkout.object.status).toBeUndefined();
    expect(d.denied).toEqual([]);
  });

  it('reports why a workload has no pod to probe, pod by pod', async () => {
    const d = await discover(c.client(), c.kube());
    const byName = new Map(d.workloads.map((w) => [w.name, w]));
    expect(byName.get('shop/deployment/cart')).toMatchObject({ chosen: null, team: 'basket' });
    expect(byName.get('shop/deployment/cart')!.unreachable).toBe('no ready pod: cart-5d8f7c9b4-x0000: no IP (phase Pending); cart-5d8f7c9b4-x0001: not Ready (phase Running)');
    expect(byName.get('shop/deployment/idle')!.unreachable).toBe('no pods: the Deployment runs none right now');
    expect(byName.get('payments/cronjob/settle')!.unreachable).toBe('no running pod: it runs pods only while a job runs');
    const crash = byName.get('shop/deployment/checkout')!.pods!.find((p) => p.name.endsWith('x0002'))!;
    expect(crash.problems).toEqual(['container app CrashLoopBackOff (9 restarts)']);
  });

  it('pages through lists with limit/continue', async () => {
    for (let i = 0; i < 12; i++) addDeployment(c.api, { namespace: 'ops', name: `svc-${String(i).padStart(2, '0')}`, containers: [{ name: 'app' }] });
    const before = c.api.requests.length;
    const d = await discover(c.client(), c.kube('  limits: { pageSize: 10 }\n'));
    expect(d.workloads.filter((w) => w.name.startsWith('ops/deployment/svc-'))).toHaveLength(12);
    const deploymentPages = c.api.requests.slice(before).filter((r) => r.path === '/apis/apps/v1/deployments');
    expect(deploymentPages).toHaveLength(2);
    expect(deploymentPages[1]!.query).toContain('continue=');
    for (let i = 0; i < 12; i++) c.api.store.remove('Deployment', 'ops', `svc-${String(i).padStart(2, '0')}`);
  });

  it('selects controllers by label and by namespace', async () => {
    const team = await discover(c.client(), c.kube('  labelSelector: team=orders\n'));
    expect(team.workloads.map((w) => w.name)).toEqual(['shop/deployment/checkout']);
    expect(c.api.requests.some((r) => r.path === '/apis/apps/v1/deployments' && r.query.includes('labelSelector=team%3Dorders'))).toBe(true);
    const ns = await discover(c.client(), c.kube('  namespaces: [payments]\n  kinds: [StatefulSet]\n'));
    expect(ns.workloads.map((w) => w.name)).toEqual(['payments/statefulset/ledger']);
    expect(c.api.requests.some((r) => r.path === '/apis/apps/v1/namespaces/payments/statefulsets')).toBe(true);
  });

  it('takes standalone Jobs when asked, and leaves a CronJob\'s Jobs to the CronJob', async () => {
    c.api.store.put('Job', { metadata: { name: 'migrate', namespace: 'shop' }, spec: { template: { spec: { containers: [{ name: 'm' }] } } } });
    const d = await discover(c.client(), c.kube('  kinds: [Job, CronJob]\n'));
    expect(d.workloads.map((w) => w.name)).toEqual(['payments/cronjob/settle', 'shop/job/migrate']);
    c.api.store.remove('Job', 'shop', 'migrate');
  });
});
