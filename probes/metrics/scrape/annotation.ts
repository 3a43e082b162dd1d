/**
 * What a cluster workload's `prometheus.io/*` annotations claim about its metrics, beside
 * what the scrape found. The annotations are a convention Prometheus itself does not
 * read (its maintainers removed them from the example config), so a config built on them
 * scrapes what they say: a wrong port or path, or `scrape: "false"` on a pod that does
 * serve metrics, leaves Prometheus blind. The claim is reported; a check judges it.
 */
import type { Target } from '../../types';

export interface AnnotationFacts {
  /** `prometheus.io/scrape` is `"true"`. */
  scrape: boolean;
  /** Where they point (on the probed pod); `null` when no port can be told. */
  url: string | null;
  /** The annotations as written, `key=value`. */
  written: string[];
}

/** `null` for a workload with no such annotations (or not from a cluster). */
export function annotationFacts(target: Target): AnnotationFacts | null {
  const claim = target.cluster?.prometheus;
  if (!claim) return null;
  const configured = (target.config.metrics as { url?: string } | undefined)?.url ?? null;
  return {
    scrape: claim.scrape,
    url: claim.scrape ? configured : null,
    written: Object.entries(claim.annotations).map(([k, v]) => `${k}=${v}`),
  };
}
