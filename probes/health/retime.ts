/**
 * A kubelet's timeout judges the workload's answer, so the health probe must not blame it
 * for time distroready itself spent busy (see probes/shared/clean-timing.ts). A chosen
 * endpoint whose timing is not clean is asked again after growing pauses; the least
 * disturbed answer is kept. The number of tries is bounded by the pauses, which hold no
 * sweep slot (`idle`): a busy distroready lets other workloads' work go on meanwhile.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { HttpClient } from '../types';
import { isClean, RETIME_PAUSES_MS } from '../shared/clean-timing';
import type { ProbeContext } from '../types';
import { askEndpoint, type AskOptions, type EndpointFacts } from './endpoint';

export function timingClean(e: EndpointFacts): boolean {
  if (e.serverMs === null || e.clientBusyMs === null) return false;
  return isClean({ ttfbMs: e.serverMs, transferMs: 0, busyMs: e.clientBusyMs });
}

/** The endpoint, timed again until its timing is clean or the pauses run out. */
export async function retime(http: HttpClient, baseUrl: string, e: EndpointFacts, ask: AskOptions, idle?: ProbeContext['idle']): Promise<EndpointFacts> {
  let best = e;
  for (const pause of RETIME_PAUSES_MS) {
    if (best.serverMs === null || timingClean(best) || ask.signal.aborted) break;
    try {
      const paused = sleep(pause, undefined, { signal: ask.signal });
      await (idle ? idle(paused) : paused);
    } catch {
      break; // the probe's deadline: keep what we have
    }
    const again = await askEndpoint(http, baseUrl, e.path, ask);
    // Only an answer like the first may stand in for it: same status, or the first is kept.
    if (again.status === e.status && (again.clientBusyMs ?? Infinity) < (best.clientBusyMs ?? Infinity)) best = again;
  }
  return best;
}
