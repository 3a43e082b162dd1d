/** The facts a probe sees of those that ran before it in the same sweep of one workload. */
import type { Facts, FactsById, PeerFacts, ProbeId } from './types';

/**
 * Built by the engine from probes that observed, after their facts matched their schema
 * (so the cast to each probe's facts type holds); tests build one from plain objects.
 */
export function peerFactsFrom(byId: ReadonlyMap<ProbeId, Facts> | Partial<Record<ProbeId, Facts>>): PeerFacts {
  const map = byId instanceof Map ? byId : new Map(Object.entries(byId) as [ProbeId, Facts][]);
  return { get: <K extends ProbeId>(id: K) => map.get(id) as Readonly<FactsById[K]> | undefined };
}
