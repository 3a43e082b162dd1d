/**
 * The workloads a running distroready judges: those in the config, and those a
 * cluster's API lists when `kubernetes:` is set, kept current between sweeps, for this
 * replica's shard. `serve` sweeps `workloads()` each time, so the list may change.
 */
import type { Logger } from 'pino';
import type { ProbeServices } from '../../probes/types';
import type { Config } from '../config/config-types';
import type { WorkloadConfig } from './target';

export interface FleetShard {
  index: number;
  total: number;
}

export interface Fleet {
  workloads(): readonly WorkloadConfig[];
  /** Services the fleet's workloads need from the host (the cluster connection). */
  services: ProbeServices;
  /** Why the list of workloads is not fully known right now (an unreadable cluster); `null` when it is. */
  notReadyReason(): string | null;
  shard: FleetShard | null;
  close(): Promise<void>;
}

/** Only the config's workloads. */
export function configuredFleet(config: Config): Fleet {
  return { workloads: () => config.workloads, services: {}, notReadyReason: () => null, shard: null, close: () => Promise.resolve() };
}

/**
 * The fleet `serve` sweeps: the config's workloads of this shard, plus the cluster's,
 * watched. Waits for the first look at the cluster (success or failure) so the first
 * sweep has something to judge; a cluster that cannot be read leaves serve up, not ready.
 */
export async function openFleet(config: Config, o: { logger: Logger; shardFlag?: string }): Promise<Fleet> {
  if (!config.kubernetes && o.shardFlag === undefined && !process.env.DISTROREADY_SHARD && !process.env.DISTROREADY_SHARDS) return configuredFleet(config);
  const { openClusterFleet } = await import('./kubernetes/cluster-fleet');
  return openClusterFleet(config, o);
}
