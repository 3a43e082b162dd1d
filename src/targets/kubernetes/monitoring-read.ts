/**
 * Reads what ServiceMonitor claims need: whether the API serves
 * monitoring.coreos.com/v1 servicemonitors at all (a cluster without the Prometheus
 * Operator's CRDs is normal: nothing is read, nothing is claimed), then Services and
 * ServiceMonitors in the same scope as the controllers. A namespace where either could
 * not be read leaves its workloads' claims unknown (`null`), not empty.
 */
import type { ClusterWorkload } from './cluster-workload';
import type { KubeClient, KubeResult } from './kube-client';
import { listScoped, type DeniedRead, type Scope } from './list-scoped';
import type { KubeObject } from './objects';
import { API_RESOURCES, apiVersionOf } from './resources';
import { serviceMonitorClaims } from './service-monitors';

export interface Monitoring {
  /** The API serves servicemonitors.monitoring.coreos.com (v1). */
  served: boolean;
  services: KubeObject[];
  monitors: KubeObject[];
  denied: DeniedRead[];
  /** Services and ServiceMonitors were both read in `namespace`. */
  known(namespace: string): boolean;
}

export const NO_MONITORING: Monitoring = { served: false, services: [], monitors: [], denied: [], known: () => false };

/** `GET /apis/monitoring.coreos.com/v1`: 404 when the CRDs are not installed. */
export async function serviceMonitorsServed(client: KubeClient, timeoutMs: number, signal?: AbortSignal): Promise<KubeResult<boolean>> {
  const r = await client.getJson<{ resources?: { name?: string }[] }>(`/apis/${apiVersionOf(API_RESOURCES.ServiceMonitor)}`, { timeoutMs, maxBytes: 256 * 1024, signal });
  if (r.ok) return { ok: true, value: (r.value.resources ?? []).some((x) => x?.name === API_RESOURCES.ServiceMonitor.plural) };
  if (r.error.kind === 'not-found') return { ok: true, value: false };
  return r;
}

/** Lists Services and ServiceMonitors when the group is served; a fatal error is any failure but 403/404. */
export async function readMonitoring(scope: Scope, signal?: AbortSignal): Promise<KubeResult<Monitoring>> {
  const served = await serviceMonitorsServed(scope.client, scope.bounds.timeoutMs, signal);
  if (!served.ok) return served;
  if (!served.value) return { ok: true, value: NO_MONITORING };
  const monitors = await listScoped(scope, API_RESOURCES.ServiceMonitor);
  // The CRD went away between discovery and the list: as if it had never been there.
  if (!monitors.ok && monitors.error.kind === 'not-found') return { ok: true, value: NO_MONITORING };
  if (!monitors.ok) return monitors;
  const services = await listScoped(scope, API_RESOURCES.Service);
  if (!services.ok) return services;
  const denied = [...monitors.value.denied, ...services.value.denied];
  const refused = new Set(denied.map((d) => d.namespace ?? '*'));
  return {
    ok: true,
    value: { served: true, services: services.value.items, monitors: monitors.value.items, denied, known: (ns) => !refused.has('*') && !refused.has(ns) },
  };
}

/** Each workload with its ServiceMonitor claims: `[]` when none selects it, `null` when that is unknown. */
export function withServiceMonitors(workloads: ClusterWorkload[], m: Monitoring): ClusterWorkload[] {
  if (!m.served) return workloads;
  const byNamespace = new Map<string, KubeObject[]>();
  for (const s of m.services) {
    const ns = s.metadata.namespace ?? 'default';
    byNamespace.set(ns, [...(byNamespace.get(ns) ?? []), s]);
  }
  for (const w of workloads) {
    w.serviceMonitors = m.known(w.namespace) ? serviceMonitorClaims(w.namespace, w.template, byNamespace.get(w.namespace) ?? [], m.monitors) : null;
  }
  return workloads;
}
