/**
 * `GET /probe?target=URL`: the multi-target exporter pattern of blackbox_exporter. Each
 * request probes its target now and answers that target's series alone, so one target's
 * series never leak into another's scrape or into `/metrics`. Prometheus' scrape timeout
 * header bounds the probing and the wait for a turn, half a second early so the answer
 * arrives in time; when the wait alone would pass it, the answer is a 503 with Retry-After.
 * A target named `namespace/kind/name` is a workload discovered in a cluster, probed by name
 * through the same queue (Prometheus scrapes a fleet's workloads in parallel).
 */
import { Router } from 'express';
import type { ProbeId } from '../../probes/types';
import { ResultSeries } from '../metrics/result-series';
import type { CompactResult } from '../model';
import { adHocWorkload, probeList } from './ad-hoc-target';
import { trafficAccess, type AccessConfig } from './auth';
import type { ProbeRunner } from './probe-runner';
import { DistroreadyError } from '../errors';
import { requestSignal } from './request-signal';
import { validated, validateRequest } from './validate-request';

const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export function exporterRoutes(runner: ProbeRunner | undefined, access: AccessConfig | undefined): Router {
  const router = Router();
  router.get('/probe', trafficAccess(access), validateRequest('/probe', 'get'), async (req, res) => {
    if (!runner) throw new DistroreadyError('UNAVAILABLE', 'on-demand probing is not enabled in this server');
    const query = validated(res.locals).query as { target: string; probes?: string };
    const started = performance.now();
    const budgetMs = scrapeBudgetMs(req.get('x-prometheus-scrape-timeout-seconds'));
    const signal = requestSignal(req, res, budgetMs);
    // `namespace/kind/name` (a workload found in a cluster) names a judged workload, not a URL.
    const result = isWorkloadName(query.target)
      ? await runner.probeWorkload(query.target, signal, budgetMs)
      : await runner.probeTarget(adHocWorkload(query.target, 'query.target'), probeList<ProbeId>(query.probes), signal, budgetMs);
    res.type(CONTENT_TYPE).send(targetExposition(result, (performance.now() - started) / 1000));
  });
  return router;
}

function isWorkloadName(target: string): boolean {
  return !target.includes('://') && /^[^/:]+\/[^/:]+\/[^/:]+$/.test(target);
}

function scrapeBudgetMs(header: string | undefined): number | undefined {
  const seconds = Number(header);
  return header && Number.isFinite(seconds) && seconds > 0 ? Math.max(seconds - 0.5, 0.5) * 1000 : undefined;
}

/** The target's series, with the names and help of `/metrics`, and the probe's own success and duration. */
function targetExposition(result: CompactResult, seconds: number): string {
  const series = new ResultSeries();
  series.set(result);
  // As blackbox_exporter's probe_success: 0 when the target was not reached, whatever else ran.
  return `${series.text()}# HELP distroready_target_probe_success Whether the target was reached and probed (1) or not (0).
# TYPE distroready_target_probe_success gauge
distroready_target_probe_success ${result.reach.status === 'reached' ? 1 : 0}
# HELP distroready_target_probe_duration_seconds How long probing the target took.
# TYPE distroready_target_probe_duration_seconds gauge
distroready_target_probe_duration_seconds ${seconds}
`;
}
