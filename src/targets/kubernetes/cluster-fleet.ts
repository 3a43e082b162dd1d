/** `serve`'s fleet with a cluster: the configured workloads of this shard, and the cluster's, watched. */
import type { Logger } from 'pino';
import type { Config } from '../../config/config-types';
import type { Fleet } from '../fleet';
import type { WorkloadConfig } from '../target';
import { ClusterWatch } from './cluster-watch';
import { openConfiguredCluster, resolveShard } from './command-cluster';
import { inShard } from './shard';

export async function openClusterFleet(config: Config, o: { logger: Logger; shardFlag?: string }): Promise<Fleet> {
  const shard = resolveShard(o.shardFlag);
  const own = config.workloads.filter((w) => inShard(w.name, shard));
  const shardInfo = shard ? { index: shard.index, total: shard.total } : null;
  if (shard) o.logger.info({ shard: shard.source }, 'judging one shard of the fleet');
  if (!config.kubernetes) return { workloads: () => own, services: {}, notReadyReason: () => null, shard: shardInfo, close: () => Promise.resolve() };
  const logger = o.logger.child({ component: 'kubernetes' });
  const cluster = openConfiguredCluster(config, { logger, shard, watch: true });
  const watch = new ClusterWatch(cluster, config.kubernetes, logger);
  await watch.start();
  // The same list until the watch's changes: callers key what they derive from it on its identity.
  let last: { from: readonly WorkloadConfig[]; all: WorkloadConfig[] } | null = null;
  const workloads = (): WorkloadConfig[] => {
    const found = watch.workloads();
    if (last?.from !== found) last = { from: found, all: [...own, ...found] };
    return last.all;
  };
  return {
    workloads,
    services: { kubernetes: cluster.service },
    notReadyReason: () => watch.notReadyReason(),
    shard: shardInfo,
    close: () => watch.stop(),
  };
}
