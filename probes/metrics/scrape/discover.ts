/**
 * Finds the metrics endpoint: the configured URL, or the usual paths in order until one
 * answers with an exposition (`recognise.ts`). A 200 that is not an exposition (a
 * catch-all's page) is noted and the next path tried.
 */
import type { HttpClient } from '../../types';
import type { ParsedExposition } from '../parser/exposition';
import type { Recognition } from './recognise';
import { scrapeOnce, type Attempt, type ScrapeOptions } from './scrape';

/** Where metrics usually live when the config names no URL. */
export const DISCOVERY_PATHS = ['/metrics', '/actuator/prometheus', '/metrics/prometheus'] as const;

/** A 200 answer, parsed (up to its last whole line when the body was cut at the byte limit). */
export interface Read {
  attempt: Attempt;
  parsed: ParsedExposition;
  recognition: Recognition;
}

export interface Discovery {
  attempts: Attempt[];
  /** The 200 answers, in order. */
  reads: Read[];
  /** The answer that is an exposition, if any. */
  found: Read | null;
}

export async function discover(http: HttpClient, urls: readonly string[], o: ScrapeOptions, read: (a: Attempt) => Read): Promise<Discovery> {
  const out: Discovery = { attempts: [], reads: [], found: null };
  for (const url of urls) {
    const a = await scrapeOnce(http, url, o);
    out.attempts.push(a);
    // A timeout, a refusal or a reset says the same about every path of that server.
    if (a.error !== null) break;
    if (a.status !== 200) continue;
    const r = read(a);
    out.reads.push(r);
    if (r.recognition.exposition) {
      out.found = r;
      break;
    }
    // Another path would read as much again: an oversized catch-all stops discovery.
    if (a.response!.truncated) break;
  }
  return out;
}
