/**
 * A cluster as a source of workloads: resolves the kubeconfig once, asks which
 * permissions the account holds, and turns each discovery into workload configs for
 * this replica's shard. `check` calls `discover` once; `serve` keeps the list current
 * with a ClusterWatch over the same pieces.
 */
import type { Logger } from 'pino';
import type { WorkloadConfig } from '../target';
import { reviewAccess } from './access-review';
import { createClusterService, type ClusterService } from './cluster-service';
import type { ClusterWorkload } from './cluster-workload';
import { discover, type Discovery } from './discover';
import { createKubeClient } from './kube-client';
import { resolveCluster, type ResolveOptions } from './kube-config';
import type { KubernetesConfig } from './kubernetes-config';
import { kubeWorkloadConfig } from './kube-workload';
import { permissionsFor } from './permissions';
import { inShard, type Shard } from './shard';

export interface ClusterOptions extends ResolveOptions {
  baseDir: string;
  shard: Shard | null;
  /** serve watches; check lists once (the access review asks for watch only then). */
  watch: boolean;
  logger: Logger;
}

export interface ClusterWorkloads {
  workloads: WorkloadConfig[];
  discovery: Discovery;
  /** Workloads in the cluster before sharding. */
  total: number;
}

export interface Cluster {
  service: ClusterService;
  /** One discovery, as workload configs of this shard. Throws `ClusterReadError`. */
  discover(signal?: AbortSignal): Promise<ClusterWorkloads>;
  /** Workload configs of this shard from controllers already discovered (the watch's cache). */
  toWorkloads(all: readonly ClusterWorkload[]): WorkloadConfig[];
  /** Asks which permissions the account holds (once); the answer lands on `service.access`. */
  review(namespaces: readonly string[] | null, serviceMonitors: boolean, signal?: AbortSignal): Promise<void>;
}

/** Throws `ClusterConfigError` when the kubeconfig or context cannot be used. */
export function openCluster(config: KubernetesConfig, o: ClusterOptions): Cluster {
  const access = resolveCluster(config, o);
  const client = createKubeClient(access);
  const reach = config.reach ?? (access.inCluster ? 'pod-ip' : 'api-proxy');
  const service = createClusterService(client, config, reach);
  o.logger.info({ cluster: access.describe(), reach, shard: o.shard?.source ?? null }, 'kubernetes target');
  const toWorkloads = (all: readonly ClusterWorkload[]): WorkloadConfig[] =>
    all.filter((w) => inShard(w.uid, o.shard)).map((w) => kubeWorkloadConfig(w, { config, reach, server: access.server, baseDir: o.baseDir }));
  const cluster: Cluster = {
    service,
    toWorkloads,
    async review(namespaces, serviceMonitors, signal) {
      if (service.access) return;
      const permissions = permissionsFor(config.kinds, { watch: o.watch, namespacesListed: !config.namespaces, apiProxy: reach === 'api-proxy', serviceMonitors });
      service.access = await reviewAccess(client, permissions, namespaces, signal);
      for (const line of service.access.missing) o.logger.warn({ cluster: access.describe(), missing: line }, 'permission missing: what it covers stays unknown');
    },
    async discover(signal) {
      const discovery = await discover(client, config, signal);
      // A cluster without the Prometheus Operator is normal: worth a debug line, nothing more.
      if (!discovery.serviceMonitors) o.logger.debug({ cluster: access.describe() }, 'the API serves no monitoring.coreos.com/v1 servicemonitors: no ServiceMonitor claims to read');
      // When cluster-wide lists were refused, the review asks in the namespaces read instead.
      await cluster.review(discovery.namespaces, discovery.serviceMonitors, signal);
      return { workloads: toWorkloads(discovery.workloads), discovery, total: discovery.workloads.length };
    },
  };
  return cluster;
}
