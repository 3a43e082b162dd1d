/**
 * Where the cluster comes from, in the documented order: an explicit kubeconfig (relative
 * to the config file), the in-cluster service account, $KUBECONFIG (merged), ~/.kube/config;
 * and the reach mode each implies when none is configured.
 */
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { openCluster } from '../../../src/targets/kubernetes/cluster';
import { discover } from '../../../src/targets/kubernetes/discover';
import { createKubeClient } from '../../../src/targets/kubernetes/kube-client';
import { resolveCluster } from '../../../src/targets/kubernetes/kube-config';
import { silentLogger } from '../../../src/telemetry/logger';
import { addDeployment, addNamespace } from '../../support/kube-api/fixtures';
import { ADMIN } from '../../support/kube-api/rbac';
import { startCluster, type Cluster } from '../../support/kube-api/cluster';

describe('cluster access', () => {
  let c: Cluster;
  beforeAll(async () => {
    c = await startCluster({ 'sa-token': { ...ADMIN, user: 'system:serviceaccount:distroready:distroready' } });
    addNamespace(c.api, 'shop');
    addDeployment(c.api, { namespace: 'shop', name: 'checkout', containers: [{ name: 'app' }] });
  });
  afterAll(() => c.api.close());

  it('uses the in-cluster service account (token, CA, namespace files) and defaults to reach: pod-ip', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'sa-'));
    const dir = path.join(root, 'var/run/secrets/kubernetes.io/serviceaccount');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'token'), 'sa-token');
    copyFileSync(c.api.certs.caFile, path.join(dir, 'ca.crt'));
    writeFileSync(path.join(dir, 'namespace'), 'distroready');
    const env = { KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: new URL(c.api.url).port };
    const access = resolveCluster({}, { env, serviceAccountRoot: root });
    expect(access).toMatchObject({ inCluster: true, server: c.api.url, context: 'inClusterContext' });
    expect(access.source).toBe(`in-cluster service account (${root}/var/run/secrets/kubernetes.io/serviceaccount)`);
    const d = await discover(createKubeClient(access), c.kube());
    expect(d.workloads.map((w) => w.name)).toEqual(['shop/deployment/checkout']);
    expect(c.api.requests.some((r) => r.user === 'system:serviceaccount:distroready:distroready')).toBe(true);
    const cluster = openCluster(c.kube(), { baseDir: c.dir, shard: null, watch: false, logger: silentLogger(), env, serviceAccountRoot: root });
    expect(cluster.service.reach).toBe('api-proxy'); // an explicit kubeconfig wins over the service account
    const inCluster = openCluster({ ...c.kube(), kubeconfig: undefined }, { baseDir: c.dir, shard: null, watch: false, logger: silentLogger(), env, serviceAccountRoot: root });
    expect(inCluster.service.reach).toBe('pod-ip');
  });

  it('merges $KUBECONFIG files, so a context from the second can be chosen', () => {
    const first = c.api.writeKubeconfig(path.join(c.dir, 'merge-a'), { token: 'admin', context: 'dev' });
    const second = c.api.writeKubeconfig(path.join(c.dir, 'merge-b'), { token: 'admin', context: 'prod' });
    const access = resolveCluster({ context: 'prod' }, { env: { KUBECONFIG: `${first}${path.delimiter}${second}` } });
    expect(access.context).toBe('prod');
    expect(access.source).toContain('($KUBECONFIG)');
    expect(() => resolveCluster({ context: 'staging' }, { env: { KUBECONFIG: `${first}${path.delimiter}${second}` } })).toThrow(/no context "staging"; kubernetes.context must be one of dev/);
  });

  it('falls back to ~/.kube/config, and says what to set when there is nothing', () => {
    const home = mkdtempSync(path.join(tmpdir(), 'home-'));
    mkdirSync(path.join(home, '.kube'));
    c.api.writeKubeconfig(path.join(home, '.kube', 'config'), { token: 'admin' });
    expect(resolveCluster({}, { env: { HOME: home } }).source).toBe(`kubeconfig ${path.join(home, '.kube', 'config')}`);
    const empty = mkdtempSync(path.join(tmpdir(), 'home-'));
    expect(() => resolveCluster({}, { env: { HOME: empty } })).toThrow('no cluster to talk to: not in a pod with a service account, $KUBECONFIG is unset and ~/.kube/config does not exist; set kubernetes.kubeconfig');
  });

  it('resolves a relative kubeconfig against the config file', () => {
    c.api.writeKubeconfig(path.join(c.dir, 'relative-kc'), { token: 'admin' });
    expect(resolveCluster({ kubeconfig: 'relative-kc' }, { baseDir: c.dir }).server).toBe(c.api.url);
  });
});
