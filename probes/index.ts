/**
 * The probe registry: the single source of truth. Config validation, the API listing,
 * the docs and the report sections all derive from this list.
 */
import { healthProbe } from './health';
import { logsProbe } from './logs';
import { metricsProbe } from './metrics';
import { shellProbe } from './shell';
import { tracesProbe } from './traces';
import type { Probe, ProbeId } from './types';

export const probes: readonly Probe[] = [logsProbe, metricsProbe, tracesProbe, healthProbe, shellProbe];

export const probeIds: readonly ProbeId[] = probes.map((p) => p.id);

export type { Probe, ProbeId, ProbeContext, ProbeOutcome, Facts } from './types';
