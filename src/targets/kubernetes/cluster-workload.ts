/**
 * One controller found in the cluster, as distroready judges it: its name
 * (`namespace/kind/name`), the object and its pod template for the static audit, its pods
 * and the one chosen to probe live, or why none can be.
 */
import type { KubeObject, PodTemplate } from './objects';
import { choosePod, summarizePod, type PodSummary } from './pod-state';
import { apiVersionOf, API_RESOURCES, type WorkloadKind } from './resources';
import type { ServiceMonitorClaim } from './service-monitors';

export interface ClusterWorkload {
  /** `shop/deployment/checkout`: unique in the cluster, stable across restarts. */
  name: string;
  namespace: string;
  kind: WorkloadKind;
  objectName: string;
  /** The controller's uid: what sharding hashes. */
  uid: string;
  team: string | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** The controller with `kind`/`apiVersion` restored (list items carry none), no status. */
  object: KubeObject;
  template: PodTemplate;
  /** `null` when the account may not list pods: nothing about them is known. */
  pods: PodSummary[] | null;
  chosen: PodSummary | null;
  /** Why no pod is probed live; `null` when one is. */
  unreachable: string | null;
  /** What ServiceMonitors claim about its metrics: `[]` when none selects it, `null` when Services or ServiceMonitors could not be read. */
  serviceMonitors: ServiceMonitorClaim[] | null;
}

/** The pod template of a controller: `spec.template`, or a CronJob's `spec.jobTemplate.spec.template`. */
export function templateOf(kind: WorkloadKind, o: KubeObject): PodTemplate {
  const spec = (o.spec ?? {}) as Record<string, unknown>;
  const t = kind === 'CronJob' ? ((spec.jobTemplate as { spec?: { template?: unknown } } | undefined)?.spec?.template) : spec.template;
  return (t && typeof t === 'object' ? t : {}) as PodTemplate;
}

export function workloadName(namespace: string, kind: string, name: string): string {
  return `${namespace}/${kind.toLowerCase()}/${name}`;
}

export function toClusterWorkload(kind: WorkloadKind, o: KubeObject, pods: readonly KubeObject[] | null, teamLabel: string): ClusterWorkload {
  const namespace = o.metadata.namespace ?? 'default';
  const template = templateOf(kind, o);
  const labels = o.metadata.labels ?? {};
  const summaries = pods ? pods.map(summarizePod) : null;
  const { chosen, reason } = summaries ? choosePod(summaries, kind) : { chosen: null, reason: 'pods could not be listed (no permission): nothing about them is known' };
  // The audit reads the spec; status and managedFields are noise (and large).
  const object: KubeObject = { ...o, apiVersion: apiVersionOf(API_RESOURCES[kind]), kind, metadata: { ...o.metadata } };
  delete object.status;
  delete object.metadata.managedFields;
  return {
    name: workloadName(namespace, kind, o.metadata.name),
    namespace,
    kind,
    objectName: o.metadata.name,
    uid: o.metadata.uid,
    team: labels[teamLabel] ?? template.metadata?.labels?.[teamLabel] ?? null,
    labels,
    annotations: o.metadata.annotations ?? {},
    object,
    template,
    pods: summaries,
    chosen,
    unreachable: reason,
    serviceMonitors: [],
  };
}
