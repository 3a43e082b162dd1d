/**
 * `GET /probe?target=URL`: the multi-target exporter pattern of blackbox_exporter. Each
 * request probes its target now and answers on a fresh registry, so one target's series
 * never leak into another's scrape or into `/metrics`. Prometheus' scrape timeout header
 * bounds the probing, half a second early so the answer arrives in time.
 */
import { Router } from 'express';
import { Gauge, Registry } from 'prom-client';
import type { ProbeId } from '../../probes/types';
import { createMetrics } from '../metrics/metrics';
import type { WorkloadResult } from '../model';
import { adHocWorkload, probeList } from './ad-hoc-target';
import { trafficAccess, type AccessConfig } from './auth';
import type { ProbeRunner } from './probe-runner';
import { DistroreadyError } from '../errors';
import { requestSignal } from './request-signal';
import { validated, validateRequest } from './validate-request';

/** The per-workload series of `/metrics`, with the same names and help, for one target. */
const TARGET_SERIES = [
  'distroready_workload_score',
  'distroready_workload_ready',
  'distroready_workload_verdict',
  'distroready_workload_blockers',
  'distroready_probe_passed',
  'distroready_check_passed',
];

export function exporterRoutes(runner: ProbeRunner | undefined, access: AccessConfig | undefined): Router {
  const router = Router();
  router.get('/probe', trafficAccess(access), validateRequest('/probe', 'get'), async (req, res) => {
    if (!runner) throw new DistroreadyError('UNAVAILABLE', 'on-demand probing is not enabled in this server');
    const query = validated(res.locals).query as { target: string; probes?: string };
    const workload = adHocWorkload(query.target, 'query.target');
    const started = performance.now();
    const result = await runner.probeTarget(workload, probeList<ProbeId>(query.probes), requestSignal(req, res, scrapeBudgetMs(req.get('x-prometheus-scrape-timeout-seconds'))));
    const registry = targetRegistry(result, (performance.now() - started) / 1000);
    res.type(registry.contentType).send(await registry.metrics());
  });
  return router;
}

function scrapeBudgetMs(header: string | undefined): number | undefined {
  const seconds = Number(header);
  return header && Number.isFinite(seconds) && seconds > 0 ? Math.max(seconds - 0.5, 0.5) * 1000 : undefined;
}

function targetRegistry(result: WorkloadResult, seconds: number): Registry {
  const source = createMetrics(new Registry(), { processMetrics: false });
  source.setResults([result], new Date());
  const registry = new Registry();
  for (const name of TARGET_SERIES) {
    const metric = source.registry.getSingleMetric(name);
    if (metric) registry.registerMetric(metric);
  }
  // As blackbox_exporter's probe_success: 0 when the target was not reached, whatever else ran.
  new Gauge({ name: 'distroready_target_probe_success', help: 'Whether the target was reached and probed (1) or not (0).', registers: [registry] }).set(result.reach.status === 'reached' ? 1 : 0);
  new Gauge({ name: 'distroready_target_probe_duration_seconds', help: 'How long probing the target took.', registers: [registry] }).set(seconds);
  return registry;
}
