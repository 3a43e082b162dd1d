/**
 * serve's list+watch against the stand-in: live changes reach the workload list; a
 * compacted resourceVersion (410) relists; a reset connection, a watch gone silent and a
 * watch that never ends are restarted; an event larger than the cap is refused; an API
 * server that fails keeps the last known state and says why.
 */
import { ClusterWatch } from '../../../src/targets/kubernetes/cluster-watch';
import { openCluster } from '../../../src/targets/kubernetes/cluster';
import { kubeInfoOf } from '../../../src/targets/kubernetes/kube-workload';
import { silentLogger } from '../../../src/telemetry/logger';
import { eventually } from '../../support/eventually';
import { addDeployment, addNamespace } from '../../support/kube-api/fixtures';
import { DEFAULT_WATCH_KNOBS } from '../../support/kube-api/watch';
import { startCluster, type Cluster } from '../../support/kube-api/cluster';

const TUNING = { idleTimeoutMs: 1500, backoff: { initialMs: 100, maxMs: 400 }, maxEventBytes: 256 * 1024 };

describe('cluster watch', () => {
  let c: Cluster;
  let watch: ClusterWatch;

  const names = (): string[] => watch.workloads().map((w) => w.name);
  const until = (what: string, test: () => boolean): Promise<true> => eventually(what, 15_000, async () => (test() ? true : undefined), undefined, 50);

  beforeEach(async () => {
    c = await startCluster();
    c.api.knobs.watch.bookmarkIntervalMs = 300;
    addNamespace(c.api, 'shop');
    addDeployment(c.api, { namespace: 'shop', name: 'checkout', containers: [{ name: 'app', ports: [{ containerPort: 8080 }] }] });
    const kube = c.kube('  watchRestart: 10s\n  limits: { requestTimeout: 2s }\n');
    const cluster = openCluster(kube, { baseDir: c.dir, shard: null, watch: true, logger: silentLogger() });
    watch = new ClusterWatch(cluster, kube, silentLogger(), TUNING);
    await watch.start();
    await until('the first list', () => names().length === 1);
  });
  afterEach(async () => {
    await watch.stop();
    await c.api.close();
  });

  it('follows controllers and pods as they are added, change and go', async () => {
    const { pods } = addDeployment(c.api, { namespace: 'shop', name: 'cart', containers: [{ name: 'app', ports: [{ containerPort: 8080 }] }] });
    const cart = () => watch.workloads().find((w) => w.name === 'shop/deployment/cart');
    // Each kind has its own watch: the Deployment may be seen a moment before its pod.
    await until('cart and its pod to appear', () => kubeInfoOf(cart() ?? { name: '' })?.pod?.name === pods[0]!.metadata.name);
    // The pod starts crash-looping: no longer probed, and says why.
    const pod = pods[0]!;
    c.api.store.put('Pod', { ...pod, status: { ...(pod.status as object), containerStatuses: [{ name: 'app', ready: false, restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } } }], conditions: [{ type: 'Ready', status: 'False' }] } });
    await until('the pod to be seen crash-looping', () => /CrashLoopBackOff/.test(kubeInfoOf(cart()!)?.unreachable ?? ''));
    c.api.store.remove('Deployment', 'shop', 'cart');
    await until('cart to go', () => !names().includes('shop/deployment/cart'));
    expect(watch.notReadyReason()).toBeNull();
  });

  it('relists after a 410 Gone for a compacted resourceVersion', async () => {
    const lists = watch.stats().lists;
    c.api.knobs.watch.resetAfterEvents = 1;
    addDeployment(c.api, { namespace: 'shop', name: 'a', containers: [{ name: 'app' }] });
    c.api.store.compact();
    c.api.knobs.watch = { ...DEFAULT_WATCH_KNOBS, bookmarkIntervalMs: 300 };
    addDeployment(c.api, { namespace: 'shop', name: 'b', containers: [{ name: 'app' }] });
    await until('both to appear', () => names().includes('shop/deployment/a') && names().includes('shop/deployment/b'));
    await until('a relist', () => watch.stats().lists > lists);
  });

  it('re-watches after the connection is reset mid-stream (ECONNRESET) and misses nothing', async () => {
    c.api.knobs.watch.resetAfterEvents = 1;
    for (const n of ['r1', 'r2', 'r3']) addDeployment(c.api, { namespace: 'shop', name: n, containers: [{ name: 'app' }] });
    await until('all three', () => ['r1', 'r2', 'r3'].every((n) => names().includes(`shop/deployment/${n}`)));
    expect(watch.stats().watches).toBeGreaterThan(3);
  });

  it('gives up a watch gone silent and catches up from its resourceVersion', async () => {
    c.api.knobs.watch.mode = 'silent';
    addDeployment(c.api, { namespace: 'shop', name: 'quiet', containers: [{ name: 'app' }] });
    const watches = watch.stats().watches;
    await until('a silent watch to be given up', () => watch.stats().watches > watches);
    c.api.knobs.watch.mode = 'normal';
    await until('the change made while silent', () => names().includes('shop/deployment/quiet'));
  });

  it('refuses an event larger than its cap, and keeps the last known state', async () => {
    c.api.knobs.watch.mode = 'endless-line';
    await until('the endless line to be refused', () => /larger than 262144 bytes/.test(watch.notReadyReason() ?? ''));
    expect(names()).toEqual(['shop/deployment/checkout']);
    c.api.knobs.watch.mode = 'normal';
    addDeployment(c.api, { namespace: 'shop', name: 'after', containers: [{ name: 'app' }] });
    await until('recovery', () => names().includes('shop/deployment/after'));
  });

  it('keeps the last known workloads when the API server fails, says why, and backs off', async () => {
    c.api.knobs.fail500 = /./;
    c.api.knobs.watch.resetAfterEvents = 1;
    addNamespace(c.api, 'trigger');
    await until('the failure to show', () => /500|InternalError|status/.test(watch.notReadyReason() ?? ''));
    expect(watch.notReadyReason()).toMatch(/^kubernetes: kubeconfig .*, context "stand-in" \(https:\/\/127\.0\.0\.1:\d+\): .* failed .*retrying with backoff$/);
    expect(names()).toEqual(['shop/deployment/checkout']);
    const before = c.api.requests.length;
    await new Promise((r) => setTimeout(r, 1500));
    // With backoff (100 ms doubling to 400 ms) 7 reflectors make a few requests a second, not thousands.
    expect(c.api.requests.length - before).toBeLessThan(7 * 16);
    c.api.knobs.fail500 = null;
    c.api.knobs.watch.resetAfterEvents = null;
    await until('recovery', () => watch.notReadyReason() === null);
  });

  it('with lists refused cluster-wide, watches namespace by namespace and picks up a new namespace', async () => {
    const reads = ['deployments', 'replicasets', 'statefulsets', 'daemonsets', 'jobs', 'cronjobs', 'pods'];
    c.api.tokens.set('by-namespace', {
      user: 'scoped',
      rules: [{ verbs: ['list', 'watch'], resources: ['namespaces'] }, { verbs: ['get', 'list', 'watch'], resources: reads, namespaces: ['shop', 'late'] }, { verbs: ['get'], resources: ['pods/log'], namespaces: ['shop', 'late'] }],
    });
    addNamespace(c.api, 'other');
    addDeployment(c.api, { namespace: 'other', name: 'hidden', containers: [{ name: 'app' }] });
    const kube = c.kube('  watchRestart: 10s\n  limits: { requestTimeout: 2s }\n', 'by-namespace');
    const scoped = new ClusterWatch(openCluster(kube, { baseDir: c.dir, shard: null, watch: true, logger: silentLogger() }), kube, silentLogger(), TUNING);
    try {
      await scoped.start();
      const scopedNames = (): string[] => scoped.workloads().map((w) => w.name);
      await until('the readable namespace', () => scopedNames().includes('shop/deployment/checkout'));
      expect(scopedNames()).not.toContain('other/deployment/hidden');
      addNamespace(c.api, 'late');
      addDeployment(c.api, { namespace: 'late', name: 'newcomer', containers: [{ name: 'app' }] });
      await until('the namespace created later', () => scopedNames().includes('late/deployment/newcomer'));
      // The refused namespace is a permission gap, reported by the access review, not an outage.
      expect(scoped.notReadyReason()).toBeNull();
    } finally {
      await scoped.stop();
    }
  });
});
