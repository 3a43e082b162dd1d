/**
 * The target's time, told apart from ours (see probes/shared/clean-timing.ts): a scrape
 * whose timing is not clean is timed again after growing pauses (the busy spells of a sweep
 * are short), and if no timing comes clean the time is left unknown rather than blamed on
 * the target.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { ExchangeTiming, HttpClient } from '../../types';
import { isClean, RETIME_PAUSES_MS } from '../../shared/clean-timing';
import { scrapeOnce, type Attempt, type ScrapeOptions } from './scrape';

export interface TargetTiming {
  timing: ExchangeTiming;
  /** The timing is the target's: our loop was not busy enough to have changed it much. */
  clean: boolean;
  /** Which scrape was timed (1: the one judged), and how many more were made to time it. */
  timedScrape: number;
  extraScrapes: number;
}

export async function timeTarget(http: HttpClient, judged: Attempt, o: ScrapeOptions): Promise<TargetTiming> {
  let timing = judged.response!.timing;
  let extraScrapes = 0;
  let timedScrape = 1;
  for (const pause of RETIME_PAUSES_MS) {
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
