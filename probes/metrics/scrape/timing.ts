/**
 * The target's time, told apart from ours. The client takes its timestamps when our event
 * loop gets to them, so while distroready parses another workload's exposition or spawns a
 * process, a 3 ms answer can read as a second. The client says how long the loop was busy
 * during the exchange: when that is small, the figures are the target's; when it is not,
 * the scrape is timed again (up to twice, after a pause), and if it never comes clean the
 * time is left unknown rather than blamed on the target.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { ExchangeTiming, HttpClient } from '../../../src/net/http-client';
import { scrapeOnce, type Attempt, type ScrapeOptions } from './scrape';

/** Busy time we accept in a timing: a few ms of our own work, and a tenth of the span. */
const CLEAN_FLOOR_MS = 25;
const CLEAN_SHARE = 0.1;
const RETRIES = 2;
const PAUSE_MS = 150;

export interface TargetTiming {
  timing: ExchangeTiming;
  /** The timing is the target's: our loop was not busy enough to have changed it much. */
  clean: boolean;
  /** Which scrape was timed (1: the one judged), and how many more were made to time it. */
  timedScrape: number;
  extraScrapes: number;
}

export function isClean(t: ExchangeTiming): boolean {
  return t.busyMs <= CLEAN_FLOOR_MS + CLEAN_SHARE * (t.ttfbMs + t.transferMs);
}

export async function timeTarget(http: HttpClient, judged: Attempt, o: ScrapeOptions): Promise<TargetTiming> {
  let timing = judged.response!.timing;
  let extraScrapes = 0;
  let timedScrape = 1;
  while (!isClean(timing) && extraScrapes < RETRIES && !o.signal.aborted) {
    try {
      await sleep(PAUSE_MS, undefined, { signal: o.signal });
    } catch {
      break; // the probe's deadline: keep what we have
    }
    const again = await scrapeOnce(http, judged.url, o);
    extraScrapes++;
    if (again.status !== 200 || again.response === null) break;
    timing = again.response.timing;
    timedScrape = 1 + extraScrapes;
  }
  return { timing, clean: isClean(timing), timedScrape, extraScrapes };
}
