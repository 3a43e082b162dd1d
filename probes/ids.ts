/**
 * The probe ids, in the order reports list them: the one list every other list of probes
 * (config keys, the API's enums, report columns) derives from. The registry in
 * `probes/index.ts` maps each to its implementation, and the compiler holds the two to
 * the same set.
 */
export const PROBE_IDS = ['logs', 'metrics', 'traces', 'health', 'shell', 'base'] as const;

export type ProbeId = (typeof PROBE_IDS)[number];

export function isProbeId(value: unknown): value is ProbeId {
  return typeof value === 'string' && (PROBE_IDS as readonly string[]).includes(value);
}
