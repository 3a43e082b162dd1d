/**
 * The start-up access review: with the ClusterRole from deploy/rbac.yaml every permission
 * is held and discovery works; with less, each missing permission is named with what it
 * leaves unknown, and discovery degrades instead of failing.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { reviewAccess } from '../../../src/targets/kubernetes/access-review';
import { discover } from '../../../src/targets/kubernetes/discover';
import { permissionsFor } from '../../../src/targets/kubernetes/permissions';
import { DEFAULT_KINDS } from '../../../src/targets/kubernetes/resources';
import { addDeployment, addNamespace } from '../../support/kube-api/fixtures';
import type { Rule } from '../../support/kube-api/rbac';
import { startCluster, type Cluster } from '../../support/kube-api/cluster';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** The rules of a role in deploy/, as the stand-in's RBAC table takes them. */
function rulesOf(file: string, kind: 'ClusterRole' | 'Role', namespaces?: string[]): Rule[] {
  const docs = parseAllDocuments(readFileSync(path.join(ROOT, 'deploy', file), 'utf8')).map((d) => d.toJS() as { kind: string; rules?: { apiGroups: string[]; resources: string[]; verbs: string[] }[] });
  return docs.find((d) => d.kind === kind)!.rules!.map((r) => ({ verbs: r.verbs, apiGroups: r.apiGroups, resources: r.resources, ...(namespaces ? { namespaces } : {}) }));
}

describe('access review at start', () => {
  let c: Cluster;
  const perms = permissionsFor(DEFAULT_KINDS, { watch: true, namespacesListed: true, apiProxy: false, serviceMonitors: false });

  beforeAll(async () => {
    c = await startCluster({
      reader: { user: 'system:serviceaccount:distroready:distroready', rules: rulesOf('rbac.yaml', 'ClusterRole') },
      'shop-only': { user: 'system:serviceaccount:distroready:distroready', rules: rulesOf('rbac-namespaced.yaml', 'Role', ['shop']) },
      'no-logs': { user: 'nolog', rules: rulesOf('rbac.yaml', 'ClusterRole').filter((r) => !r.resources.includes('pods/log')) },
    });
    addNamespace(c.api, 'shop');
    addNamespace(c.api, 'payments');
    addDeployment(c.api, { namespace: 'shop', name: 'checkout', containers: [{ name: 'app' }] });
    addDeployment(c.api, { namespace: 'payments', name: 'ledger', containers: [{ name: 'app' }] });
  });
  afterAll(() => c.api.close());

  it('finds every permission held with the ClusterRole from deploy/rbac.yaml, which suffices for discovery', async () => {
    const report = await reviewAccess(c.client('reader'), perms, null);
    expect(report.missing).toEqual([]);
    expect(report.grants.every((g) => g.allowed === true)).toBe(true);
    const d = await discover(c.client('reader'), c.kube('', 'reader'));
    expect(d.workloads.map((w) => w.name)).toEqual(['payments/deployment/ledger', 'shop/deployment/checkout']);
    expect(d.denied).toEqual([]);
  });

  it('names a missing permission with what it leaves unknown', async () => {
    const report = await reviewAccess(c.client('no-logs'), perms, ['shop']);
    expect(report.missing).toEqual(['get pods/log in namespace shop: logs cannot be read through pods/log, so the logs checks are unknown']);
    expect(report.allows({ verb: 'get', resource: 'pods', subresource: 'log' }, 'shop')).toBe(false);
    expect(report.allows({ verb: 'list', resource: 'pods' }, 'shop')).toBe(true);
  });

  it('with the namespaced Role and no namespaces configured, says what it could not list and how to fix it', async () => {
    await expect(discover(c.client('shop-only'), c.kube('', 'shop-only'))).rejects.toThrow(
      /^kubeconfig .*kubeconfig-shop-only, context "stand-in" \(https:\/\/127\.0\.0\.1:\d+\): could not list any of Deployment, StatefulSet, DaemonSet, CronJob \(list deployments\.apps at the cluster scope → 403 Forbidden\): deployments\.apps is forbidden: User "system:serviceaccount:distroready:distroready" cannot list resource "deployments" in API group "apps" at the cluster scope; grant the ClusterRole in deploy\/rbac\.yaml \(or the Role variant\) to this account$/,
    );
  });

  it('with the namespaced Role and namespaces configured, reads the one it may and records the other as denied', async () => {
    const d = await discover(c.client('shop-only'), c.kube('  namespaces: [shop, payments]\n', 'shop-only'));
    expect(d.workloads.map((w) => w.name)).toEqual(['shop/deployment/checkout']);
    expect(d.workloads[0]!.chosen).not.toBeNull();
    expect(d.denied.map((x) => x.what)).toEqual([
      'list deployments.apps in namespace payments', 'list statefulsets.apps in namespace payments', 'list daemonsets.apps in namespace payments',
      'list cronjobs.batch in namespace payments', 'list replicasets.apps in namespace payments', 'list jobs.batch in namespace payments', 'list pods in namespace payments',
    ]);
    const report = await reviewAccess(c.client('shop-only'), perms.filter((p) => p.resource !== 'namespaces'), ['shop', 'payments']);
    expect(report.missing.filter((m) => m.includes('namespace shop'))).toEqual([]);
    expect(report.missing).toContain('get pods/log in namespace payments: logs cannot be read through pods/log, so the logs checks are unknown');
  });
});
