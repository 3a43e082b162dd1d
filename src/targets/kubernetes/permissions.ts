/**
 * The permissions distroready uses in a cluster, each with what its absence leaves
 * unknown: one list that the start-up access review asks about, the report quotes, and
 * the RBAC manifests in deploy/ are tested against.
 */
import type { ProbeId } from '../../../probes/types';
import { API_RESOURCES, type ResourceKind, type WorkloadKind } from './resources';

export interface Permission {
  verb: 'get' | 'list' | 'watch';
  group: string;
  resource: string;
  subresource?: string;
  /** What cannot be known without it, in words for the report. */
  withoutIt: string;
  /** Probes whose checks become unknown without it (for kube workloads in that scope). */
  probes: readonly ProbeId[];
}

const LIVE: readonly ProbeId[] = ['health', 'metrics', 'traces', 'logs'];

const on = (kind: ResourceKind, verb: Permission['verb'], withoutIt: string, probes: readonly ProbeId[] = []): Permission => ({
  verb, group: API_RESOURCES[kind].group, resource: API_RESOURCES[kind].plural, withoutIt, probes,
});

/**
 * The ClusterRole in deploy/rbac.yaml grants exactly these with `serviceMonitors` (plus
 * endpointslices). Services and ServiceMonitors are asked about only where the API serves
 * ServiceMonitors: without the CRDs nothing is read, so nothing can be missing.
 */
export function permissionsFor(kinds: readonly WorkloadKind[], o: { watch: boolean; namespacesListed: boolean; apiProxy: boolean; serviceMonitors: boolean }): Permission[] {
  const out: Permission[] = [];
  for (const kind of kinds) {
    out.push(on(kind, 'list', `${API_RESOURCES[kind].plural} are not discovered`));
    if (o.watch) out.push(on(kind, 'watch', `${API_RESOURCES[kind].plural} are relisted each sweep instead of watched`));
  }
  if (kinds.includes('Deployment')) {
    out.push(on('ReplicaSet', 'list', 'pods of Deployments cannot be traced to them, so Deployments are not probed live', LIVE));
    if (o.watch) out.push(on('ReplicaSet', 'watch', 'a rollout is noticed only when ReplicaSets are relisted'));
  }
  if (kinds.includes('CronJob') || kinds.includes('Job')) {
    out.push(on('Job', 'list', 'pods of CronJobs cannot be traced to them, so CronJobs are not probed live', LIVE));
    if (o.watch) out.push(on('Job', 'watch', 'a new run of a CronJob is noticed only when Jobs are relisted'));
  }
  out.push(on('Pod', 'list', 'no pod is known, so no workload is probed live', LIVE));
  if (o.watch) out.push(on('Pod', 'watch', 'pods are relisted each sweep instead of watched'));
  out.push({ verb: 'get', group: '', resource: 'pods', subresource: 'log', withoutIt: 'logs cannot be read through pods/log, so the logs checks are unknown', probes: ['logs'] });
  if (o.apiProxy) out.push({ verb: 'get', group: '', resource: 'pods', subresource: 'proxy', withoutIt: 'pods cannot be reached through the API server (reach: api-proxy), so they are not probed live', probes: ['health', 'metrics', 'traces'] });
  if (o.serviceMonitors) {
    const unmatched = 'the metrics endpoints ServiceMonitors name are not found, and metricsServiceMonitorUntrue is unknown';
    out.push(on('ServiceMonitor', 'list', `ServiceMonitors are not read, so ${unmatched}`));
    if (o.watch) out.push(on('ServiceMonitor', 'watch', 'a changed ServiceMonitor is noticed only when the watches restart'));
    out.push(on('Service', 'list', `Services are not read, so no ServiceMonitor can be traced to a workload's pods: ${unmatched}`));
    if (o.watch) out.push(on('Service', 'watch', 'a changed Service is noticed only when the watches restart'));
  }
  if (o.namespacesListed) {
    out.push(on('Namespace', 'list', 'namespaces cannot be listed, so a cluster-wide list that is refused has no per-namespace fallback'));
    if (o.watch) out.push(on('Namespace', 'watch', 'a new namespace is noticed only when the watches restart'));
  }
  return out;
}

/** `get pods/log`, as RBAC and kubectl auth can-i write it. */
export function permissionText(p: Pick<Permission, 'verb' | 'group' | 'resource' | 'subresource'>): string {
  const res = `${p.resource}${p.subresource ? `/${p.subresource}` : ''}${p.group ? `.${p.group}` : ''}`;
  return `${p.verb} ${res}`;
}
