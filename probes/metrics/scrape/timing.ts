/**
 * The target's time, told apart from ours. The client takes its timestamps when our event
 * loop gets to them, so while distroready parses another workload's exposition or spawns a
 * process, a 3 ms answer can read as a second. The client says how long the loop was busy
 * during the exchange, which bounds our share of the figures: when that bound is small
 * (50 ms, or a tenth of the time, whichever is more: well under any sensible scrape
 * threshold), the figures are the target's. When it is not, the scrape is timed again after
 * growing pauses (the busy spells of a sweep are short), and if no timing comes clean the
 * time is left unknown rather than blamed on the target.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { ExchangeTiming, HttpClient } from '../../../src/net/http-client';
import { scrapeOnce, type Attempt, type ScrapeOptions } from './scrape';

/** Busy time we accept in a timing: 50 ms, or a tenth of the span when that is more. */
const CLEAN_FLOOR_MS = 50;
const CLEAN_SHARE = 0.1;
/** Pauses before each timing again: 1.4 s at most, well within a probe's deadline. */
const PAUSES_MS = [200, 400, 800];

export interface TargetTiming {
  timing: ExchangeTiming;
  /** The timing is the target's: our loop was not busy enough to have changed it much. */
  clean: boolean;
  /** Which scrape was timed (1: the one judged), and how many more were made to time it. */
  timedScrape: number;
  extraScrapes: number;
}

export function isClean(t: ExchangeTiming): boolean {
  return t.busyMs <= Math.max(CLEAN_FLOOR_MS, CLEAN_SHARE * (t.ttfbMs + t.transferMs));
}

export async function timeTarget(http: HttpClient, judged: Attempt, o: ScrapeOptions): Promise<TargetTiming> {
  let timing = judged.response!.timing;
  let extraScrapes = 0;
  let timedScrape = 1;
  for (const pause of PAUSES_MS) {
    if (isClean(timing) || o.signal.aborted) break;
    try {
      await sleep(pause, undefined, { signal: o.signal });
    } catch {
      break; // the probe's deadline: keep what we have
    }
    const again = await scrapeOnce(http, judged.url, o);
    extraScrapes++;
    if (again.status !== 200 || again.response === null) break;
    // Keep the timing least disturbed by us.
    if (again.response.timing.busyMs < timing.busyMs || isClean(again.response.timing)) {
      timing = again.response.timing;
      timedScrape = 1 + extraScrapes;
    }
  }
  return { timing, clean: isClean(timing), timedScrape, extraScrapes };
}
