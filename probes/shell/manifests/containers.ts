/**
 * The containers of a pod spec with their role. The workload's own containers are `main`;
 * init containers are `init`; native sidecars (init containers with `restartPolicy:
 * Always`) and well-known helper containers (service-mesh proxies, log shippers) are
 * `sidecar`. Only `main` findings can block a migration.
 */
import type { PathSeg } from './load';
import type { PodSpecAt } from './pod-specs';

export type ContainerRole = 'main' | 'init' | 'sidecar';

export interface ContainerAt {
  name: string;
  role: ContainerRole;
  listKey: 'containers' | 'initContainers';
  spec: Record<string, unknown>;
  /** Path of the container in its document. */
  path: PathSeg[];
  /** Its first declared `containerPort`, or `null`. */
  port: number | null;
}

const MAX_CONTAINERS = 100;
const KNOWN_SIDECARS = /^(istio-proxy|linkerd-proxy|envoy|envoy-sidecar|cloud-sql-proxy|cloudsql-proxy|vault-agent|fluent-bit|fluentd|filebeat|promtail|otel-collector|opentelemetry-collector|datadog-agent|oauth2-proxy|.*-sidecar)$/;

function firstPort(spec: Record<string, unknown>): number | null {
  const ports = Array.isArray(spec.ports) ? spec.ports : [];
  const p = (ports[0] as { containerPort?: unknown } | undefined)?.containerPort;
  return typeof p === 'number' && Number.isInteger(p) ? p : null;
}

function list(pod: PodSpecAt, key: 'containers' | 'initContainers'): { spec: Record<string, unknown>; index: number }[] {
  const raw = pod.spec[key];
  if (!Array.isArray(raw)) return [];
  return raw
    .slice(0, MAX_CONTAINERS)
    .map((spec, index) => ({ spec: spec as Record<string, unknown>, index }))
    .filter((c) => c.spec !== null && typeof c.spec === 'object' && !Array.isArray(c.spec));
}

export function containersOf(pod: PodSpecAt): ContainerAt[] {
  const at = (key: ContainerAt['listKey'], c: { spec: Record<string, unknown>; index: number }, role: ContainerRole): ContainerAt => ({
    name: typeof c.spec.name === 'string' ? c.spec.name : `#${c.index}`,
    role,
    listKey: key,
    spec: c.spec,
    path: [...pod.path, key, c.index],
    port: firstPort(c.spec),
  });
  const regular = list(pod, 'containers');
  const helpers = regular.length > 1 ? regular.filter((c) => KNOWN_SIDECARS.test(String(c.spec.name))) : [];
  // When every container looks like a helper, the first is still the workload.
  const mainOnes = regular.filter((c) => !helpers.includes(c));
  if (mainOnes.length === 0 && regular.length > 0) mainOnes.push(helpers.shift()!);
  return [
    ...regular.map((c) => at('containers', c, mainOnes.includes(c) ? 'main' : 'sidecar')),
    ...list(pod, 'initContainers').map((c) => at('initContainers', c, c.spec.restartPolicy === 'Always' ? 'sidecar' : 'init')),
  ];
}
