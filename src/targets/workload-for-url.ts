/** An ad-hoc target (`check --target`, `POST /checks`, `GET /probe`) as a workload. */
import type { WorkloadConfig } from './target';

/**
 * The URL's origin is where its HTTP endpoints live; a URL with a path (…/metrics) names
 * its metrics endpoint too. Named by host:port, which is unique among ad-hoc targets.
 */
export function workloadForUrl(url: URL): WorkloadConfig {
  const hasPath = url.pathname !== '/' && url.pathname !== '';
  return { name: url.host, url: url.origin, ...(hasPath ? { metrics: { url: url.toString() } } : {}) };
}
