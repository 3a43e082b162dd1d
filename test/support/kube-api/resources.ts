/**
 * The resources the stand-in serves, as one table: discovery documents, routing, RBAC
 * resource names and list kinds all derive from it. The entries match what a real
 * kube-apiserver 1.32 publishes for these resources (names, kinds, shortNames, verbs).
 */

export interface ResourceDef {
  /** `''` for the core group. */
  group: string;
  version: string;
  /** The plural, lower case: `deployments`. */
  name: string;
  singularName: string;
  kind: string;
  namespaced: boolean;
  verbs: readonly string[];
  shortNames?: readonly string[];
  categories?: readonly string[];
  /** A CustomResourceDefinition's resource: served only while the stand-in has it installed (`KubeApi.crds`). */
  crd?: true;
  /** Subresources served, e.g. `log` → `pods/log`, with their verbs and kind. */
  subresources?: readonly { name: string; kind: string; verbs: readonly string[] }[];
}

const RW = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] as const;

export const RESOURCES: readonly ResourceDef[] = [
  { group: '', version: 'v1', name: 'namespaces', singularName: 'namespace', kind: 'Namespace', namespaced: false, verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], shortNames: ['ns'] },
  {
    group: '', version: 'v1', name: 'pods', singularName: 'pod', kind: 'Pod', namespaced: true, verbs: RW, shortNames: ['po'], categories: ['all'],
    subresources: [
      { name: 'log', kind: 'Pod', verbs: ['get'] },
      { name: 'proxy', kind: 'PodProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] },
      { name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] },
    ],
  },
  { group: '', version: 'v1', name: 'services', singularName: 'service', kind: 'Service', namespaced: true, verbs: RW, shortNames: ['svc'], categories: ['all'] },
  { group: '', version: 'v1', name: 'secrets', singularName: 'secret', kind: 'Secret', namespaced: true, verbs: RW },
  { group: 'apps', version: 'v1', name: 'deployments', singularName: 'deployment', kind: 'Deployment', namespaced: true, verbs: RW, shortNames: ['deploy'], categories: ['all'] },
  { group: 'apps', version: 'v1', name: 'replicasets', singularName: 'replicaset', kind: 'ReplicaSet', namespaced: true, verbs: RW, shortNames: ['rs'], categories: ['all'] },
  { group: 'apps', version: 'v1', name: 'statefulsets', singularName: 'statefulset', kind: 'StatefulSet', namespaced: true, verbs: RW, shortNames: ['sts'], categories: ['all'] },
  { group: 'apps', version: 'v1', name: 'daemonsets', singularName: 'daemonset', kind: 'DaemonSet', namespaced: true, verbs: RW, shortNames: ['ds'], categories: ['all'] },
  { group: 'batch', version: 'v1', name: 'jobs', singularName: 'job', kind: 'Job', namespaced: true, verbs: RW, categories: ['all'] },
  { group: 'batch', version: 'v1', name: 'cronjobs', singularName: 'cronjob', kind: 'CronJob', namespaced: true, verbs: RW, shortNames: ['cj'], categories: ['all'] },
  { group: 'discovery.k8s.io', version: 'v1', name: 'endpointslices', singularName: 'endpointslice', kind: 'EndpointSlice', namespaced: true, verbs: RW },
  { group: 'authorization.k8s.io', version: 'v1', name: 'selfsubjectaccessreviews', singularName: 'selfsubjectaccessreview', kind: 'SelfSubjectAccessReview', namespaced: false, verbs: ['create'] },
  { group: 'monitoring.coreos.com', version: 'v1', name: 'servicemonitors', singularName: 'servicemonitor', kind: 'ServiceMonitor', namespaced: true, verbs: RW, shortNames: ['smon'], categories: ['all', 'prometheus-operator'], crd: true },
];

export const groupVersion = (r: Pick<ResourceDef, 'group' | 'version'>): string => (r.group ? `${r.group}/${r.version}` : r.version);

/** `deployments.apps`, the way the API server names a resource in its messages. */
export const qualifiedName = (r: ResourceDef): string => (r.group ? `${r.name}.${r.group}` : r.name);

/** Which resources the API serves now: every built-in one, and the CRDs installed. */
export type Served = (r: ResourceDef) => boolean;

export const servedWith = (crds: ReadonlySet<string>): Served => (r) => !r.crd || crds.has(qualifiedName(r));

export function findResource(group: string, version: string, name: string, served: Served = () => true): ResourceDef | undefined {
  return RESOURCES.find((r) => r.group === group && r.version === version && r.name === name && served(r));
}

export function resourceByKind(kind: string): ResourceDef {
  const found = RESOURCES.find((r) => r.kind === kind);
  if (!found) throw new Error(`the stand-in serves no kind ${kind}`);
  return found;
}
