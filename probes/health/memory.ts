/**
 * What the health probe keeps between runs: the endpoints a full search found, so a later
 * run asks only those (one or two requests instead of up to eleven). Kept only while it
 * still describes the workload: the same base URL and configured paths, younger than
 * `rediscoverAfterMs` (spread by ±25% so a fleet found in one sweep does not search again
 * all in one sweep), and only when the search found something.
 */
import type { ProbeMemory } from '../types';
import { describe, type EndpointFacts } from './endpoint';
import type { Configured, Found } from './discovery';

export interface Remembered {
  baseUrl: string;
  configured: Configured;
  liveness: string | null;
  readiness: string | null;
  catchAll: boolean;
  catchAllSample: string | null;
  /** When the search ran (epoch ms), and when the next must run. */
  foundAt: number;
  searchAgainAt: number;
  /** The search's answers, as evidence lines, for the paths a recheck does not ask. */
  probed: { path: string; line: string }[];
}

export function recall(memory: ProbeMemory | undefined, baseUrl: string, configured: Configured, now: number): Remembered | null {
  const m = memory?.get() as Remembered | undefined;
  if (!m || m.baseUrl !== baseUrl || now >= m.searchAgainAt) return null;
  if (m.configured.liveness !== configured.liveness || m.configured.readiness !== configured.readiness) return null;
  return m.liveness || m.readiness ? m : null;
}

export function remember(memory: ProbeMemory | undefined, baseUrl: string, configured: Configured, found: Found, now: number, rediscoverAfterMs: number): Remembered {
  const m: Remembered = {
    baseUrl,
    configured: { ...configured },
    liveness: found.liveness?.path ?? null,
    readiness: found.readiness?.path ?? null,
    catchAll: found.catchAll,
    catchAllSample: found.catchAllSample,
    foundAt: now,
    searchAgainAt: now + Math.round(rediscoverAfterMs * (0.75 + Math.random() * 0.5)),
    probed: found.probed.map((e) => ({ path: e.path, line: describe(e) })),
  };
  memory?.set(m);
  return m;
}

/** A remembered endpoint still answers like one (a configured path is taken as it answers). */
export function stillThere(m: Remembered, path: string | null, answer: EndpointFacts | undefined, isEndpoint: (e: EndpointFacts, sample: string | null) => boolean): boolean {
  if (path === null) return true;
  if (!answer) return false;
  const configured = path === m.configured.liveness || path === m.configured.readiness;
  return configured || isEndpoint(answer, m.catchAllSample);
}

/** The search's evidence for the paths not asked again, marked with when it was seen. */
export function earlierEvidence(m: Remembered, askedNow: ReadonlySet<string>): string[] {
  const at = new Date(m.foundAt).toISOString();
  return m.probed.filter((p) => !askedNow.has(p.path)).map((p) => `search at ${at}: ${p.line}`);
}
