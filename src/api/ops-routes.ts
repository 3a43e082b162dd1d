/** Liveness, readiness and /metrics: what distroready asks of others, it does itself. */
import { Router } from 'express';
import type { Metrics } from '../metrics/metrics';
import { metricsAccess, type AccessConfig } from './auth';

export interface Readiness {
  /** `null` when ready; otherwise why not (config not loaded, first sweep not done). */
  notReadyReason(): string | null;
}

/** `/healthz` and `/readyz` stay open whatever the access config: the kubelet sends no token. */
export function opsRoutes(metrics: Metrics, readiness: Readiness, access?: AccessConfig): Router {
  const router = Router();
  // Liveness: the event loop answers. Nothing else, so a slow workload never restarts us.
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', (_req, res) => {
    const reason = readiness.notReadyReason();
    if (reason) res.status(503).json({ status: 'not ready', reason });
    else res.json({ status: 'ready' });
  });
  router.get('/metrics', metricsAccess(access), async (_req, res) => {
    const body = await metrics.render();
    res.type(metrics.registry.contentType).send(body);
  });
  return router;
}
