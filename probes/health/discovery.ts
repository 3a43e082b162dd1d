/**
 * Where health endpoints usually live, and which of them mean liveness or readiness.
 * Order is preference: the first that answers like an endpoint wins.
 */
import type { EndpointFacts } from './endpoint';

export const DISCOVERY_PATHS = [
  '/healthz', '/livez', '/readyz', '/health', '/health/live', '/health/ready',
  '/actuator/health', '/-/healthy', '/-/ready', '/ping',
] as const;

const LIVENESS_ORDER = ['/livez', '/health/live', '/-/healthy', '/healthz', '/health', '/actuator/health', '/ping'];
const READINESS_ORDER = ['/readyz', '/health/ready', '/-/ready', '/healthz', '/health', '/actuator/health'];

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

export function pick(kind: 'liveness' | 'readiness', found: EndpointFacts[]): EndpointFacts | null {
  const order = kind === 'liveness' ? LIVENESS_ORDER : READINESS_ORDER;
  for (const path of order) {
    const hit = found.find((e) => e.path === path);
    if (hit) return hit;
  }
  return null;
}
