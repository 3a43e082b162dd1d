/**
 * Read endpoints over the latest results: `GET /api/v1/workloads[/{name}[/history]]`,
 * `GET /api/v1/report?format=…` and the OpenAPI document. Open unless `api.protectReads`.
 * Only configured workloads are answered: a workload removed from the config keeps its
 * stored history but drops out of the listings.
 */
import { Router } from 'express';
import { DistroreadyError } from '../errors';
import { buildReport, type WorkloadResult } from '../model';
import { REPORT_MEDIA_TYPES, renderReport, type ReportFormat } from '../report/render';
import type { ResultStore } from '../store/result-store';
import { readAccess, type AccessConfig } from './auth';
import { openApiDocument } from './openapi';
import { validated, validateRequest } from './validate-request';

/** The latest results of the configured workloads, in config order. */
export function configuredLatest(store: ResultStore, workloadNames: () => readonly string[]): WorkloadResult[] {
  return workloadNames().flatMap((name) => store.latestFor(name) ?? []);
}

export function workloadRoutes(store: ResultStore, workloadNames: () => readonly string[], access?: AccessConfig): Router {
  const router = Router();
  const known = (param: unknown): string => {
    const name = String(param);
    if (!workloadNames().includes(name)) {
      throw new DistroreadyError('NOT_FOUND', `no workload named "${name}"; GET /api/v1/workloads lists them`, { workload: name });
    }
    return name;
  };
  router.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument());
  });
  const read = readAccess(access);
  router.get('/workloads', read, validateRequest('/api/v1/workloads', 'get'), (_req, res) => {
    res.json({ workloads: configuredLatest(store, workloadNames) });
  });
  router.get('/workloads/:name', read, validateRequest('/api/v1/workloads/{name}', 'get'), (req, res) => {
    const name = known(req.params.name);
    const result = store.latestFor(name);
    if (!result) throw new DistroreadyError('UNAVAILABLE', `workload "${name}" has not been probed yet; retry after the first sweep`);
    res.json(result);
  });
  router.get('/workloads/:name/history', read, validateRequest('/api/v1/workloads/{name}/history', 'get'), (req, res) => {
    const name = known(req.params.name);
    const { limit } = validated(res.locals).query as { limit: number };
    res.json({ workload: name, history: store.history(name, limit) });
  });
  router.get('/report', read, validateRequest('/api/v1/report', 'get'), (_req, res) => {
    const { format } = validated(res.locals).query as { format: ReportFormat };
    const body = renderReport(buildReport(configuredLatest(store, workloadNames)), format);
    res.type(REPORT_MEDIA_TYPES[format]).send(body);
  });
  return router;
}
