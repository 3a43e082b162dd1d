/**
 * The kinds distroready reads, as one list: which become workloads, and where each is
 * listed in the API. Config validation, discovery, the RBAC manifests' test and the
 * access review all derive from these.
 */

/** Controllers that become workloads, in the order they are reported. */
export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'CronJob', 'Job'] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

/** `kinds:` when the config names none (Jobs are mostly owned by CronJobs). */
export const DEFAULT_KINDS: readonly WorkloadKind[] = ['Deployment', 'StatefulSet', 'DaemonSet', 'CronJob'];

export interface ApiResource {
  kind: string;
  /** `''` for the core group. */
  group: string;
  version: string;
  plural: string;
}

const resource = (kind: string, group: string, plural: string): ApiResource => ({ kind, group, version: 'v1', plural });

/** The Prometheus Operator's group: served only where its CRDs are installed. */
export const MONITORING_GROUP = 'monitoring.coreos.com';

/** Everything distroready lists or reads, by kind. */
export const API_RESOURCES = {
  Deployment: resource('Deployment', 'apps', 'deployments'),
  StatefulSet: resource('StatefulSet', 'apps', 'statefulsets'),
  DaemonSet: resource('DaemonSet', 'apps', 'daemonsets'),
  CronJob: resource('CronJob', 'batch', 'cronjobs'),
  Job: resource('Job', 'batch', 'jobs'),
  ReplicaSet: resource('ReplicaSet', 'apps', 'replicasets'),
  Pod: resource('Pod', '', 'pods'),
  Namespace: resource('Namespace', '', 'namespaces'),
  Service: resource('Service', '', 'services'),
  ServiceMonitor: resource('ServiceMonitor', MONITORING_GROUP, 'servicemonitors'),
} as const satisfies Record<string, ApiResource>;

export type ResourceKind = keyof typeof API_RESOURCES;

export const apiVersionOf = (r: ApiResource): string => (r.group ? `${r.group}/${r.version}` : r.version);

/** `deployments.apps`, as the API server names a resource in messages and RBAC does in rules. */
export const qualified = (r: ApiResource): string => (r.group ? `${r.plural}.${r.group}` : r.plural);

/** `/apis/apps/v1/namespaces/shop/deployments`, or the cluster-wide collection without a namespace. */
export function collectionPath(r: ApiResource, namespace?: string): string {
  const root = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  return namespace ? `${root}/namespaces/${encodeURIComponent(namespace)}/${r.plural}` : `${root}/${r.plural}`;
}
