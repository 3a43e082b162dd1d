/**
 * Endpoints that make distroready send traffic: `POST /workloads/{name}/probe` (probe a
 * configured workload now) and `POST /checks` (probe an ad-hoc URL). Both take the bearer
 * token when `api.token` is set.
 */
import { Router } from 'express';
import type { ProbeId } from '../../probes/types';
import { DistroreadyError } from '../errors';
import type { ReportCatalog } from '../model';
import { expandResult } from '../report/expand-result';
import { adHocWorkload } from './ad-hoc-target';
import { trafficAccess, type AccessConfig } from './auth';
import type { ProbeRunner } from './probe-runner';
import { requestSignal } from './request-signal';
import { validateRequest } from './validate-request';

export function actionRoutes(runner: ProbeRunner | undefined, catalog: ReportCatalog, access: AccessConfig | undefined): Router {
  const router = Router();
  const auth = trafficAccess(access);
  const needRunner = (): ProbeRunner => {
    if (!runner) throw new DistroreadyError('UNAVAILABLE', 'on-demand probing is not enabled in this server');
    return runner;
  };
  router.post('/workloads/:name/probe', auth, validateRequest('/api/v1/workloads/{name}/probe', 'post'), async (req, res) => {
    const result = await needRunner().probeWorkload(String(req.params.name), requestSignal(req, res));
    res.json(expandResult(result, catalog));
  });
  router.post('/checks', auth, validateRequest('/api/v1/checks', 'post'), async (req, res) => {
    const body = req.body as { url: string; probes?: ProbeId[] };
    const workload = adHocWorkload(body.url, 'body.url');
    const result = await needRunner().probeTarget(workload, body.probes, requestSignal(req, res));
    res.json(expandResult(result, catalog));
  });
  return router;
}
