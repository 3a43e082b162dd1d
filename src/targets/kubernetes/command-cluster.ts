/**
 * The cluster as `check` and `serve` open it: config errors and unreadable clusters
 * become coded errors with the kubeconfig, context and failed call in the message (the
 * CLI exits 2 before probing), and the shard comes from `--shard` or the environment.
 */
import type { Logger } from 'pino';
import type { Config } from '../../config/config-types';
import { DistroreadyError } from '../../errors';
import { openCluster, type Cluster, type ClusterWorkloads } from './cluster';
import { ClusterReadError } from './discover';
import { ClusterConfigError } from './kube-config';
import { parseShard, shardFromEnv, ShardError, type Shard } from './shard';

/** `--shard i/N` wins over `DISTROREADY_SHARD` and the StatefulSet ordinal. */
export function resolveShard(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Shard | null {
  try {
    return flag !== undefined ? parseShard(flag, '--shard') : shardFromEnv(env);
  } catch (err) {
    if (err instanceof ShardError) throw new DistroreadyError('USAGE', err.message);
    throw err;
  }
}

export function asCodedError(err: unknown): unknown {
  if (err instanceof ClusterConfigError) return new DistroreadyError('CONFIG_INVALID', `kubernetes: ${err.message}`);
  if (err instanceof ClusterReadError) return new DistroreadyError('CLUSTER_UNAVAILABLE', `kubernetes: ${err.message}`, { kind: err.kubeError.kind, request: err.kubeError.request });
  return err;
}

export function openConfiguredCluster(config: Config, o: { logger: Logger; shard: Shard | null; watch: boolean; env?: NodeJS.ProcessEnv }): Cluster {
  try {
    return openCluster(config.kubernetes!, { baseDir: config.baseDir, shard: o.shard, watch: o.watch, logger: o.logger, env: o.env });
  } catch (err) {
    throw asCodedError(err);
  }
}

export async function discoverOnce(cluster: Cluster, signal?: AbortSignal): Promise<ClusterWorkloads> {
  try {
    return await cluster.discover(signal);
  } catch (err) {
    throw asCodedError(err);
  }
}
