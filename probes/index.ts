/**
 * The probe registry: each id of `PROBE_IDS` mapped to its implementation. Config
 * validation, the API listing and the engine derive from it; a probe missing here is a
 * compile error, and one whose id disagrees with its key stops the program at load.
 */
import { baseProbe } from './base';
import { healthProbe } from './health';
import { PROBE_IDS, type ProbeId } from './ids';
import { logsProbe } from './logs';
import { metricsProbe } from './metrics';
import { shellProbe } from './shell';
import { tracesProbe } from './traces';
import type { Probe } from './types';

const byId: Record<ProbeId, Probe> = {
  logs: logsProbe,
  metrics: metricsProbe,
  traces: tracesProbe,
  health: healthProbe,
  shell: shellProbe,
  base: baseProbe,
};

for (const id of PROBE_IDS) {
  // A probe filed under another probe's id would judge the wrong facts: refuse to start.
  if (byId[id].id !== id) throw new Error(`probe registry: the probe under "${id}" says its id is "${byId[id].id}"`);
}

/** Every probe, in `PROBE_IDS` order. */
export const probes: readonly Probe[] = PROBE_IDS.map((id) => byId[id]);

export const probeIds: readonly ProbeId[] = PROBE_IDS;

export { PROBE_IDS, isProbeId, type ProbeId } from './ids';
export type { Probe, ProbeContext, ProbeOutcome, Facts } from './types';
