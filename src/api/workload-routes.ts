/**
 * Read endpoints over the latest results: `GET /api/v1/workloads` (summaries, filtered and
 * paged), `GET /api/v1/workloads/{name}` (the full result) and its history, `GET
 * /api/v1/report?format=…` (rendered off the event loop) and the OpenAPI document. Open
 * unless `api.protectReads`. Only configured workloads are answered: a workload removed
 * from the config keeps its stored history but drops out of the listings.
 */
import { Router } from 'express';
import { DistroreadyError } from '../errors';
import type { CompactResult, ReportCatalog } from '../model';
import { expandResult } from '../report/expand-result';
import { REPORT_MEDIA_TYPES, type ReportFormat } from '../report/render';
import type { ResultStore } from '../store/result-store';
import { readAccess, type AccessConfig } from './auth';
import { openApiDocument } from './openapi';
import type { ReportService } from './report-service';
import { validated, validateRequest } from './validate-request';
import { listWorkloads, sortedNames, type ListQuery } from './workload-list';

/** The latest results of the configured workloads, in config order. */
export function configuredLatest(store: ResultStore, workloadNames: () => readonly string[]): CompactResult[] {
  return workloadNames().flatMap((name) => store.latestFor(name) ?? []);
}

export interface WorkloadRoutesDeps {
  store: ResultStore;
  workloadNames: () => readonly string[];
  catalog: ReportCatalog;
  reports: ReportService;
  access?: AccessConfig;
  /** `report.groupBy`: the report's overview groups as the dashboard does. */
  groupBy?: string;
}

export function workloadRoutes(d: WorkloadRoutesDeps): Router {
  const router = Router();
  const sorted = sortedNames();
  const known = (param: unknown): string => {
    const name = String(param);
    if (!d.workloadNames().includes(name)) {
      throw new DistroreadyError('NOT_FOUND', `no workload named "${name}"; GET /api/v1/workloads lists them`, { workload: name });
    }
    return name;
  };
  router.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument());
  });
  const read = readAccess(d.access);
  router.get('/workloads', read, validateRequest('/api/v1/workloads', 'get'), (_req, res) => {
    res.json(listWorkloads(d.store, sorted(d.workloadNames()), validated(res.locals).query as unknown as ListQuery));
  });
  router.get('/workloads/:name', read, validateRequest('/api/v1/workloads/{name}', 'get'), (req, res) => {
    const name = known(req.params.name);
    const result = d.store.latestFor(name);
    if (!result) throw new DistroreadyError('UNAVAILABLE', `workload "${name}" has not been probed yet; retry after the first sweep`);
    res.json(expandResult(result, d.catalog));
  });
  router.get('/workloads/:name/history', read, validateRequest('/api/v1/workloads/{name}/history', 'get'), (req, res) => {
    const name = known(req.params.name);
    const { limit } = validated(res.locals).query as { limit: number };
    res.json({ workload: name, history: d.store.history(name, limit) });
  });
  router.get('/report', read, validateRequest('/api/v1/report', 'get'), async (_req, res) => {
    const { format } = validated(res.locals).query as { format: ReportFormat };
    const body = await d.reports.render(format, d.workloadNames(), d.groupBy);
    res.type(REPORT_MEDIA_TYPES[format]).send(body);
  });
  return router;
}
