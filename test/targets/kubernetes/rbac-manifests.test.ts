/**
 * deploy/'s RBAC grants exactly what distroready uses (the permission list the start-up
 * review asks about, ServiceMonitors and Services included, plus endpointslices) and nothing on secrets, exec,
 * attach, port-forward or `*`; the namespaced Role matches the ClusterRole; and the
 * manifests lint clean with distroready itself.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { permissionsFor, permissionText } from '../../../src/targets/kubernetes/permissions';
import { WORKLOAD_KINDS } from '../../../src/targets/kubernetes/resources';

const ROOT = path.resolve(__dirname, '..', '..', '..');
type Doc = { kind: string; metadata: { name: string; namespace?: string }; rules?: { apiGroups: string[]; resources: string[]; verbs: string[] }[]; roleRef?: { kind: string; name: string }; subjects?: { kind: string; name: string; namespace: string }[] };
const docs = (file: string): Doc[] => parseAllDocuments(readFileSync(path.join(ROOT, 'deploy', file), 'utf8')).map((d) => (d as unknown as { toJS(): Doc }).toJS());

/** `verb resource[.group]` for every grant of a role. */
function grants(role: Doc): string[] {
  return role.rules!.flatMap((r) => r.apiGroups.flatMap((g) => r.resources.flatMap((res) => r.verbs.map((v) => permissionText({ verb: v as 'get', group: g, resource: res.split('/')[0]!, subresource: res.split('/')[1] }))))).sort();
}

describe('the RBAC manifests in deploy/', () => {
  const cluster = docs('rbac.yaml');
  const clusterRole = cluster.find((d) => d.kind === 'ClusterRole')!;

  it('grant the ClusterRole exactly the permissions distroready asks about (ServiceMonitors and Services included), plus endpointslices', () => {
    const used = permissionsFor(WORKLOAD_KINDS, { watch: true, namespacesListed: true, apiProxy: false, serviceMonitors: true }).map(permissionText);
    const readOnly = ['get', 'list', 'watch'].flatMap((v) => [`${v} services`, `${v} endpointslices.discovery.k8s.io`]);
    // get is granted beside list and watch on every listed resource, as kubectl get needs.
    const gets = used.filter((p) => p.startsWith('list ')).map((p) => p.replace('list ', 'get '));
    expect(grants(clusterRole)).toEqual([...new Set([...used, ...readOnly, ...gets])].sort());
  });

  it.each(['rbac.yaml', 'rbac-namespaced.yaml', 'rbac-api-proxy.yaml'])('%s grants nothing on secrets, exec, attach, port-forward, and no wildcard', (file) => {
    for (const role of docs(file).filter((d) => d.kind === 'ClusterRole' || d.kind === 'Role')) {
      const text = JSON.stringify(role.rules);
      expect(text).not.toMatch(/secrets|configmaps|pods\/exec|pods\/attach|pods\/portforward|"\*"|create|update|patch|delete/);
    }
  });

  it('bind the Role variant to the same reads minus namespaces, and the service account the Deployment runs as', () => {
    const ns = docs('rbac-namespaced.yaml');
    const role = ns.find((d) => d.kind === 'Role')!;
    expect(grants(role)).toEqual(grants(clusterRole).filter((g) => !/ namespaces$/.test(g)));
    const sa = cluster.find((d) => d.kind === 'ServiceAccount')!;
    for (const binding of [...cluster, ...ns].filter((d) => d.kind.endsWith('Binding'))) {
      expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: sa.metadata.name, namespace: sa.metadata.namespace }]);
    }
    const deployment = parseAllDocuments(readFileSync(path.join(ROOT, 'deploy', 'distroready.yaml'), 'utf8')).map((d) => d.toJS() as { kind: string; metadata: { namespace?: string }; spec: { template: { spec: { serviceAccountName?: string; automountServiceAccountToken?: boolean } } } }).find((d) => d.kind === 'Deployment')!;
    expect(deployment.metadata.namespace).toBe(sa.metadata.namespace);
    expect(deployment.spec.template.spec).toMatchObject({ serviceAccountName: sa.metadata.name, automountServiceAccountToken: true });
  });

  it('keep pods/proxy in its own optional role, get only', () => {
    const role = docs('rbac-api-proxy.yaml').find((d) => d.kind === 'ClusterRole')!;
    expect(grants(role)).toEqual(['get pods/proxy']);
    expect(grants(clusterRole)).not.toContain('get pods/proxy');
  });

  it('lint clean with `distroready lint deploy/`', () => {
    const out = execFileSync(process.execPath, [path.join(ROOT, 'dist', 'src', 'cli.js'), 'lint', path.join(ROOT, 'deploy')], { encoding: 'utf8' });
    expect(out).toMatch(/^0 finding\(s\) in 5 file\(s\): 0 critical/m);
  });
});
