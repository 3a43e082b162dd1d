/**
 * Splitting a fleet across distroready replicas: each scores the workloads whose hash
 * falls on its shard, as kube-state-metrics shards objects (md5 of the uid, its first
 * 8 bytes as an unsigned integer, modulo the shard count). Stable across restarts and
 * replicas, so no two replicas judge the same workload and together they judge all.
 */
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';

export interface Shard {
  /** 0-based. */
  index: number;
  total: number;
  /** Where it came from, for the log: `--shard 1/3`, `hostname distroready-1`. */
  source: string;
}

export class ShardError extends Error {}

/** `i/N` with 0 ≤ i < N. */
export function parseShard(text: string, source: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const total = m ? Number(m[2]) : NaN;
  if (!m || total < 1 || index >= total || total > 10_000) throw new ShardError(`${source}: "${text}" is not a shard: write i/N with 0 <= i < N, e.g. 0/2`);
  return { index, total, source: `${source} ${index}/${total}` };
}

/**
 * The shard from the environment: `DISTROREADY_SHARD=i/N`, or `DISTROREADY_SHARDS=N`
 * with the StatefulSet ordinal at the end of the pod's hostname (`distroready-2`).
 */
export function shardFromEnv(env: NodeJS.ProcessEnv, host = env.HOSTNAME ?? hostname()): Shard | null {
  if (env.DISTROREADY_SHARD) return parseShard(env.DISTROREADY_SHARD, 'DISTROREADY_SHARD');
  if (!env.DISTROREADY_SHARDS) return null;
  const ordinal = /-(\d+)$/.exec(host);
  if (!ordinal) throw new ShardError(`DISTROREADY_SHARDS=${env.DISTROREADY_SHARDS} but the hostname "${host}" ends in no StatefulSet ordinal (name-N); set DISTROREADY_SHARD=i/N instead`);
  return parseShard(`${ordinal[1]}/${env.DISTROREADY_SHARDS}`, `hostname ${host}, DISTROREADY_SHARDS`);
}

/** The shard a key (an object uid, or a configured workload's name) falls on. */
export function shardOf(key: string, total: number): number {
  const digest = createHash('md5').update(key).digest();
  return Number(digest.readBigUInt64BE(0) % BigInt(total));
}

export function inShard(key: string, shard: Shard | null): boolean {
  return shard === null || shardOf(key, shard.total) === shard.index;
}
