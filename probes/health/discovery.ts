/**
 * Where health endpoints usually live, which of them mean liveness or readiness, and the
 * search for them. Order is preference: the first that answers like an endpoint wins.
 */
import type { EndpointFacts } from './endpoint';

const LIVENESS_ORDER = ['/livez', '/health/live', '/-/healthy', '/healthz', '/health', '/actuator/health', '/ping'] as const;
const READINESS_ORDER = ['/readyz', '/health/ready', '/-/ready', '/healthz', '/health', '/actuator/health'] as const;

/** Every path discovery may ask. */
export const DISCOVERY_PATHS: readonly string[] = [...new Set<string>([...LIVENESS_ORDER, ...READINESS_ORDER])];

/**
 * An answer counts as an endpoint when the path exists: anything but 404/405/501 or a
 * failure to answer. A 503 from `/readyz` is a readiness endpoint saying "not ready".
 * With a catch-all server (any path answers), an answer identical to the one for a random
 * path does not count.
 */
export function isEndpoint(e: EndpointFacts, catchAllSample: string | null): boolean {
  if (e.status === null || e.status === 404 || e.status === 405 || e.status === 501) return false;
  if (catchAllSample !== null && e.bodySample === catchAllSample && e.bodyStatus === null) return false;
  return true;
}

export interface Configured {
  liveness?: string;
  readiness?: string;
}

export interface Found {
  liveness: EndpointFacts | null;
  readiness: EndpointFacts | null;
  /** Every answer, in the order asked (the canary last). */
  probed: EndpointFacts[];
  catchAll: boolean;
  /** The random path's body when the server answers every path, else `null`. */
  catchAllSample: string | null;
}

type Ask = (path: string) => Promise<EndpointFacts>;

/** One side's search: a configured path is taken as it answers; otherwise the first endpoint in preference order. */
class Search {
  private next = 0;
  result: EndpointFacts | null = null;
  done = false;

  constructor(private readonly order: readonly string[], private readonly configured: string | undefined) {}

  /** The path to ask in this round, if this side is still searching. */
  wanted(): string | undefined {
    if (this.done) return undefined;
    return this.configured ?? this.order[this.next];
  }

  /** Takes the answers so far; moves past paths that are not endpoints. */
  advance(asked: ReadonlyMap<string, EndpointFacts>, catchAllSample: string | null): void {
    if (this.done) return;
    if (this.configured !== undefined) {
      this.result = asked.get(this.configured) ?? null;
      this.done = this.result !== null;
      return;
    }
    for (let answer = asked.get(this.order[this.next]!); answer; answer = asked.get(this.order[this.next]!)) {
      if (isEndpoint(answer, catchAllSample)) {
        this.result = answer;
        this.done = true;
        return;
      }
      if (++this.next >= this.order.length) {
        this.done = true;
        return;
      }
    }
  }
}

/**
 * Searches in rounds: each round asks the next candidate of liveness and of readiness
 * (plus, in the first, a random path that tells a catch-all handler from real endpoints),
 * and stops as soon as both are decided. The choice is the one asking every path would
 * make (the first endpoint in each preference order, every earlier one having missed),
 * in 3 requests for a workload with /livez and /readyz instead of 11.
 */
export async function discover(ask: Ask, configured: Configured, canaryPath: string): Promise<Found> {
  const asked = new Map<string, EndpointFacts>();
  const probed: EndpointFacts[] = [];
  const liveness = new Search(LIVENESS_ORDER, configured.liveness);
  const readiness = new Search(READINESS_ORDER, configured.readiness);
  let catchAllSample: string | null = null;
  let catchAll = false;
  for (let round = 0; !liveness.done || !readiness.done; round++) {
    const paths = [...new Set([liveness.wanted(), readiness.wanted()])].filter((p): p is string => p !== undefined && !asked.has(p));
    // One after the other, over one kept-alive connection: a fleet's sweep is bound by
    // work per request, not by one workload's round trips.
    for (const path of [...paths, ...(round === 0 ? [canaryPath] : [])]) {
      const answer = await ask(path);
      probed.push(answer);
      if (path !== canaryPath) asked.set(path, answer);
      else {
        catchAll = answer.kubeletSuccess;
        catchAllSample = catchAll ? answer.bodySample : null;
      }
    }
    liveness.advance(asked, catchAllSample);
    readiness.advance(asked, catchAllSample);
  }
  // The canary goes last in the evidence, as the odd one out.
  const canaryAnswer = probed.find((e) => e.path === canaryPath)!;
  return { liveness: liveness.result, readiness: readiness.result, probed: [...probed.filter((e) => e !== canaryAnswer), canaryAnswer], catchAll, catchAllSample };
}
