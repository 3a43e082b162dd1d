/**
 * Discovery: one snapshot of the cluster's controllers and their pods, as plain lists
 * (Polaris does the same per audit). Controllers become workloads named
 * `namespace/kind/name`; pods are matched to their top controller by ownerReferences.
 * A read the account may not make leaves its part unknown (recorded in `denied`); a
 * cluster that cannot be read at all is an error naming the kubeconfig, context and call.
 */
import type { KubeClient, KubeError, KubeResult } from './kube-client';
import type { KubernetesConfig } from './kubernetes-config';
import type { KubeObject } from './objects';
import { podsByTopController, controllerOf } from './owners';
import { listAll } from './list-all';
import { listScoped, type DeniedRead, type Scope } from './list-scoped';
import { toClusterWorkload, type ClusterWorkload } from './cluster-workload';
import { API_RESOURCES, qualified, type WorkloadKind } from './resources';
import { readMonitoring, withServiceMonitors } from './monitoring-read';

export interface Discovery {
  workloads: ClusterWorkload[];
  denied: DeniedRead[];
  /** The API serves ServiceMonitors (the Prometheus Operator's CRDs are installed). */
  serviceMonitors: boolean;
  /** The namespaces read one by one (configured, or the fallback from refused cluster-wide lists); `null` when lists were cluster-wide. */
  namespaces: readonly string[] | null;
  listedAt: Date;
}

/** Why the cluster could not be read, in one sentence a person can act on. */
export class ClusterReadError extends Error {
  constructor(
    message: string,
    readonly kubeError: KubeError,
  ) {
    super(message);
  }
}

const HINTS: Partial<Record<KubeError['kind'], string>> = {
  unreachable: 'is the API server address right, and reachable from here?',
  tls: 'the server certificate is not trusted: check the kubeconfig\'s certificate-authority',
  timeout: 'the API server did not answer in time; retry, or raise kubernetes.limits.requestTimeout',
  reset: 'the connection was cut; retry',
  unauthorized: 'the credentials were refused: refresh the token or client certificate in the kubeconfig',
  forbidden: 'grant the ClusterRole in deploy/rbac.yaml (or the Role variant) to this account',
  'too-large': 'narrow kubernetes.namespaces or kubernetes.labelSelector, or raise kubernetes.limits',
};

export function clusterError(client: KubeClient, what: string, e: KubeError): ClusterReadError {
  const status = e.status ? ` → ${e.status}${e.reason ? ` ${e.reason}` : ''}` : '';
  const hint = HINTS[e.kind] ? `; ${HINTS[e.kind]}` : '';
  return new ClusterReadError(`${client.access.describe()}: could not ${what} (${e.request}${status}): ${e.message}${hint}`, e);
}

export function scopeFor(client: KubeClient, config: KubernetesConfig, signal?: AbortSignal): Scope {
  let namespaces: Promise<KubeResult<string[]>> | null = null;
  const bounds = { pageSize: config.limits.pageSize, maxPageBytes: config.limits.maxPageBytes, maxItems: config.limits.maxObjects, timeoutMs: config.limits.requestTimeoutMs, signal };
  return {
    client,
    namespaces: config.namespaces ?? null,
    bounds,
    visibleNamespaces() {
      namespaces ??= listAll(client, API_RESOURCES.Namespace, bounds).then((r) => (r.ok ? { ok: true as const, value: r.value.items.map((n) => n.metadata.name) } : r));
      return namespaces;
    },
  };
}

/** The helper kinds to list so pods can be traced up to each configured kind. */
export function intermediatesFor(kinds: readonly WorkloadKind[]): ('ReplicaSet' | 'Job')[] {
  const out: ('ReplicaSet' | 'Job')[] = [];
  if (kinds.includes('Deployment')) out.push('ReplicaSet');
  if (kinds.includes('CronJob') || kinds.includes('Job')) out.push('Job');
  return out;
}

/**
 * Controllers and their pods as workloads, sorted by name: shared by the one-off
 * discovery and the watch's cache. `podsKnown(ns)` is false where pods could not be read.
 */
export function assemble(
  controllers: readonly { kind: WorkloadKind; items: readonly KubeObject[] }[],
  intermediates: readonly KubeObject[],
  pods: readonly KubeObject[],
  podsKnown: (namespace: string) => boolean,
  teamLabel: string,
): ClusterWorkload[] {
  const grouped = podsByTopController(pods, intermediates);
  const workloads: ClusterWorkload[] = [];
  for (const { kind, items } of controllers) {
    for (const o of items) {
      // A Job a CronJob owns is judged as part of its CronJob.
      if (kind === 'Job' && controllerOf(o)?.kind === 'CronJob') continue;
      const known = podsKnown(o.metadata.namespace ?? 'default');
      workloads.push(toClusterWorkload(kind, o, known ? (grouped.get(o.metadata.uid) ?? []) : null, teamLabel));
    }
  }
  return workloads.sort((a, b) => a.name.localeCompare(b.name));
}

export async function discover(client: KubeClient, config: KubernetesConfig, signal?: AbortSignal): Promise<Discovery> {
  const scope = scopeFor(client, config, signal);
  const denied: DeniedRead[] = [];
  const controllers: { kind: WorkloadKind; items: KubeObject[] }[] = [];
  let readable = 0;
  let listedIn: readonly string[] | null = scope.namespaces;
  for (const kind of config.kinds) {
    const listed = await listScoped(scope, API_RESOURCES[kind], config.labelSelector);
    if (!listed.ok) throw clusterError(client, `list ${qualified(API_RESOURCES[kind])}`, listed.error);
    denied.push(...listed.value.denied);
    readable += listed.value.read;
    listedIn ??= listed.value.listedIn;
    controllers.push({ kind, items: listed.value.items });
  }
  // Nothing could be read at all: that is a setup error, not a fleet with no workloads.
  if (readable === 0 && denied.length > 0) {
    const first = denied[0]!;
    throw clusterError(client, `list any of ${config.kinds.join(', ')}`, { kind: 'forbidden', request: first.what, status: 403, reason: 'Forbidden', message: first.message });
  }
  const intermediates: KubeObject[] = [];
  for (const kind of intermediatesFor(config.kinds)) {
    const listed = await listScoped(scope, API_RESOURCES[kind]);
    if (!listed.ok) throw clusterError(client, `list ${qualified(API_RESOURCES[kind])}`, listed.error);
    denied.push(...listed.value.denied);
    intermediates.push(...listed.value.items);
  }
  const pods = await listScoped(scope, API_RESOURCES.Pod);
  if (!pods.ok) throw clusterError(client, 'list pods', pods.error);
  denied.push(...pods.value.denied);
  const podsDenied = new Set(pods.value.denied.map((d) => d.namespace ?? '*'));
  const workloads = assemble(controllers, intermediates, pods.value.items, (ns) => !podsDenied.has('*') && !podsDenied.has(ns), config.teamLabel);
  const monitoring = await readMonitoring(scope, signal);
  if (!monitoring.ok) throw clusterError(client, 'read ServiceMonitors and Services', monitoring.error);
  denied.push(...monitoring.value.denied);
  withServiceMonitors(workloads, monitoring.value);
  return { workloads, denied, serviceMonitors: monitoring.value.served, namespaces: listedIn, listedAt: new Date() };
}
