/**
 * Whether a timing is the target's. The HTTP client takes its timestamps when our event
 * loop gets to them, so while distroready parses another workload's exposition or spawns
 * a process, a 3 ms answer can read as a second. The client says how long the loop was busy
 * during the exchange, which bounds our share of the figures: when that bound is small
 * (50 ms, or a tenth of the time, whichever is more: well under any sensible threshold),
 * the figures are the target's. Probes that judge latency (metrics, health) time again after
 * growing pauses when a timing is not clean, and leave it unknown when none comes clean.
 */
import type { ExchangeTiming } from '../types';

const CLEAN_FLOOR_MS = 50;
const CLEAN_SHARE = 0.1;
/** Pauses before each timing again: 1.4 s at most, well within a probe's deadline. */
export const RETIME_PAUSES_MS = [200, 400, 800] as const;

export function isClean(t: ExchangeTiming): boolean {
  return t.busyMs <= Math.max(CLEAN_FLOOR_MS, CLEAN_SHARE * (t.ttfbMs + t.transferMs));
}
