/**
 * Turns a discovered controller into a workload the engine probes: its name, where its
 * chosen pod answers (pod IP, or the API server's pods/proxy), the health paths and the
 * metrics endpoint its spec and annotations name, the Dockerfile mapped to its image, the
 * checks its `distroready.io/ignore` annotation suppresses, and, under `kubernetes`, the
 * plain facts the probes and the fleet views read.
 */
import * as path from 'node:path';
import type { InlineManifest, WorkloadConfig } from '../target';
import type { ClusterWorkload } from './cluster-workload';
import type { KubernetesConfig, ReachMode } from './kubernetes-config';
import type { Container } from './objects';
import { instrumentationClaims, podEndpoints, prometheusClaim, type HttpEndpoint, type InstrumentationClaim, type PrometheusClaim } from './pod-endpoints';
import type { ContainerState } from './pod-state';
import type { ServiceMonitorClaim } from './service-monitors';
import { checkList, IGNORE_ANNOTATION } from '../../../probes/shell/suppressions';

export const DOCKERFILE_ANNOTATION = 'distroready.io/dockerfile';

export interface EntrypointNote {
  container: string;
  image: string | null;
  /** The spec sets `command` (what runs is known) or not (the image's ENTRYPOINT/CMD decide). */
  commandSet: boolean;
  /** The Dockerfile mapped to the image, which tells what its ENTRYPOINT needs; `null` when none is. */
  dockerfile: string | null;
}

/** Plain data about a cluster workload, carried in its config as `kubernetes`. */
export interface KubeWorkloadInfo {
  namespace: string;
  kind: string;
  objectName: string;
  uid: string;
  team: string | null;
  reach: ReachMode;
  pod: { name: string; ip: string; restarts: number; containers: ContainerState[] } | null;
  /** Why no pod is probed live; `null` when one is. */
  unreachable: string | null;
  /** One line per pod seen: `checkout-x1 10.1.2.3 Ready, 0 restarts`. */
  pods: string[];
  container: string | null;
  port: number | null;
  manifest: InlineManifest;
  logs: { containers: { name: string; previous: boolean }[]; tailLines: number; sinceSeconds: number; limitBytes: number };
  prometheus: PrometheusClaim | null;
  /** What ServiceMonitors claim, each with its URL on the probed pod (`null` when it resolves to no port, or no pod is probed); `null` when unknown. */
  serviceMonitors: (ServiceMonitorClaim & { url: string | null })[] | null;
  instrumentation: InstrumentationClaim[];
  entrypoints: EntrypointNote[];
}

export interface KubeWorkloadOptions {
  config: KubernetesConfig;
  reach: ReachMode;
  /** The API server URL, for api-proxy URLs. */
  server: string;
  /** Where relative Dockerfile paths resolve. */
  baseDir: string;
}

const host = (ip: string): string => (ip.includes(':') ? `[${ip}]` : ip);

/** The base URL of a pod port: direct, or through pods/proxy (`scheme:name:port`, as apimachinery splits it). */
export function podBaseUrl(o: KubeWorkloadOptions, ns: string, pod: string, ip: string, e: Pick<HttpEndpoint, 'scheme' | 'port'>): string {
  if (o.reach === 'pod-ip') return `${e.scheme}://${host(ip)}:${e.port}`;
  // `name:port` literally, as kubectl writes it (pod names are DNS labels: nothing to escape).
  const id = `${e.scheme === 'https' ? 'https:' : ''}${encodeURIComponent(pod)}:${e.port}`;
  return `${o.server}/api/v1/namespaces/${encodeURIComponent(ns)}/pods/${id}/proxy`;
}

function imageRepository(image: string): string {
  const noDigest = image.split('@')[0]!;
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  return colon > slash ? noDigest.slice(0, colon) : noDigest;
}

function dockerfileFor(w: ClusterWorkload, containers: readonly Container[], o: KubeWorkloadOptions): string | null {
  const annotated = w.annotations[DOCKERFILE_ANNOTATION] ?? w.template.metadata?.annotations?.[DOCKERFILE_ANNOTATION];
  if (annotated) return path.resolve(o.baseDir, annotated);
  for (const c of containers) {
    if (!c.image) continue;
    const mapped = o.config.dockerfiles[c.image] ?? o.config.dockerfiles[imageRepository(c.image)];
    if (mapped) return path.resolve(o.baseDir, mapped);
  }
  return null;
}

function podLine(p: NonNullable<ClusterWorkload['pods']>[number]): string {
  const state = p.problems.length === 0 ? 'Ready' : p.problems.join(', ');
  return `pod ${p.name} ${p.ip ?? '(no IP)'}: ${state}, ${p.restarts} restarts`;
}

export function kubeWorkloadConfig(w: ClusterWorkload, o: KubeWorkloadOptions): WorkloadConfig {
  const spec = w.template.spec ?? {};
  const containers = spec.containers ?? [];
  const ep = podEndpoints(spec);
  const pod = w.chosen;
  const annotations = { ...w.annotations, ...w.template.metadata?.annotations };
  const dockerfile = dockerfileFor(w, containers, o);
  const noPort = pod && ep.port === null ? 'the pod template declares no container port and no httpGet probe: no endpoint to probe' : null;
  const unreachable = w.unreachable ?? noPort;
  const live = pod && !unreachable ? pod : null;
  const base = (e: Pick<HttpEndpoint, 'scheme' | 'port'>): string => podBaseUrl(o, w.namespace, live!.name, live!.ip!, e);
  const url = live ? base({ scheme: ep.scheme, port: ep.port! }) : undefined;
  const at = (e: HttpEndpoint | null): string | undefined => (e && live ? (e.port === ep.port && e.scheme === ep.scheme ? e.path : `${base(e)}${e.path}`) : undefined);
  const claim = prometheusClaim(annotations, ep.port);
  const monitors = w.serviceMonitors?.map((m) => ({ ...m, url: live && m.endpoint ? `${base(m.endpoint)}${m.endpoint.path}` : null })) ?? null;
  // The annotations' endpoint when they claim one, else the first a ServiceMonitor names; both claims are judged.
  const annotated = live && claim?.scrape && claim.endpoint ? `${base(claim.endpoint)}${claim.endpoint.path}` : undefined;
  const metricsUrl = annotated ?? (claim ? undefined : (monitors?.find((m) => m.url)?.url ?? undefined));
  const health = { liveness: at(ep.liveness), readiness: at(ep.readiness) };
  // The shell probe reads this annotation itself (its checks live under config/checks/shell/ and
  // are named shell*), per finding, with the ignore-reason and the object as the source; listing
  // them here too would override that with "listed under ignore: in the config". The other
  // probes' checks it names are suppressed through the workload's ignore list.
  const ignore = checkList(annotations[IGNORE_ANNOTATION]).filter((id) => !id.startsWith('shell'));
  const info: KubeWorkloadInfo = {
    namespace: w.namespace,
    kind: w.kind,
    objectName: w.objectName,
    uid: w.uid,
    team: w.team,
    reach: o.reach,
    pod: live ? { name: live.name, ip: live.ip!, restarts: live.restarts, containers: live.containers } : null,
    unreachable,
    pods: (w.pods ?? []).slice(0, 20).map(podLine),
    container: ep.container,
    port: ep.port,
    manifest: { name: `${w.namespace}/${w.kind}/${w.objectName}`, value: w.object },
    logs: {
      // The previous instance's log tells why a restarted container died.
      containers: containers.map((c) => ({ name: c.name, previous: o.config.logs.previous && (live?.containers.find((s) => s.name === c.name)?.restarts ?? 0) > 0 })),
      tailLines: o.config.logs.tailLines,
      sinceSeconds: o.config.logs.sinceSeconds,
      limitBytes: o.config.logs.limitBytes,
    },
    prometheus: claim,
    serviceMonitors: monitors,
    instrumentation: instrumentationClaims(annotations),
    entrypoints: containers.map((c) => ({ container: c.name, image: c.image ?? null, commandSet: Array.isArray(c.command) && c.command.length > 0, dockerfile })),
  };
  return {
    name: w.name,
    ...(url ? { url } : {}),
    ...(health.liveness || health.readiness ? { health: Object.fromEntries(Object.entries(health).filter(([, v]) => v)) } : {}),
    ...(metricsUrl ? { metrics: { url: metricsUrl } } : {}),
    ...(dockerfile ? { dockerfile } : {}),
    ...(ignore.length > 0 ? { ignore } : {}),
    // The team as a label, so the report's and dashboard's `report.groupBy: team` groups cluster workloads too.
    ...(w.team ? { labels: { [o.config.teamLabel]: w.team } } : {}),
    kubernetes: info,
  };
}

export function kubeInfoOf(w: WorkloadConfig): KubeWorkloadInfo | null {
  const k = w.kubernetes as KubeWorkloadInfo | undefined;
  return k && typeof k === 'object' && typeof k.namespace === 'string' ? k : null;
}
