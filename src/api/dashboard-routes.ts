/**
 * The dashboard: `/` (fleet overview), `/workloads?…` (filter, sort, search, page),
 * `/workloads/{name}` (one workload, its history and trend), `/checks`, `/groups`, and
 * `/export.{csv,html,md,json}?…` (the current view, every page of it). Server-rendered
 * HTML readable with JavaScript off; the content security policy allows no script at all
 * and nothing from elsewhere, as a second line behind escaping. Each request renders one
 * page of workloads, never the fleet (exports excepted: they are the view, on purpose).
 */
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { DistroreadyError, isDistroreadyError } from '../errors';
import { renderCsv } from '../report/csv';
import { allChecksPage, listHref, listPage, overviewPage, type ExportFormat } from '../report/dashboard-view';
import { groupingFor, NO_GROUP, type Grouping } from '../report/grouping';
import { renderChecksPage, renderErrorPage, renderGroupsPage, renderListPage, renderOverviewPage } from '../report/html-dashboard';
import { CONTENT_SECURITY_POLICY } from '../report/html-page';
import { renderWorkloadPage } from '../report/html-workload-page';
import { REPORT_MEDIA_TYPES } from '../report/render';
import { trendPoints } from '../report/report-view';
import { DEFAULT_THRESHOLDS, type Thresholds } from '../report/svg';
import { compareBy, matches, parseWorkloadQuery } from '../report/workload-query';
import type { ResultStore } from '../store/result-store';
import { readAccess, type AccessConfig } from './auth';
import { storeReader, type FleetReader } from './dashboard-data';
import type { ReportService } from './report-service';
import type { ReportCatalog } from '../model';

/** Changes of state drawn in each list row's sparkline. */
const SPARKLINE_SWEEPS = 24;
/** Changes of state on a workload page's chart (history keeps one per change, not per sweep). */
const CHART_SWEEPS = 100;

export interface DashboardOptions {
  /** The words of the checks: results are kept without them. */
  catalog: ReportCatalog;
  /** Renders the report exports (every workload of a view) off the event loop. */
  reports: ReportService;
  /** Keeps the dashboard to the configured workloads, in config order. */
  workloadNames?: () => readonly string[];
  /** `scoring.readyScore` and `scoring.notReadyBelow`, drawn on every trend. */
  thresholds?: Thresholds;
  grouping?: Grouping;
  access?: AccessConfig;
  /** Where the results come from; by default, straight from the store. */
  reader?: FleetReader;
}

function html(res: Response, status: number, body: string): void {
  res.status(status).type('html').set('Cache-Control', 'no-store').set('Content-Security-Policy', CONTENT_SECURITY_POLICY).set('X-Content-Type-Options', 'nosniff').send(body);
}

/** A bad query or an unknown workload is a page a person can read, with its status. */
function page(handler: (req: Request, res: Response) => void | Promise<void>): RequestHandler {
  return async (req, res, next) => {
    try {
      await handler(req, res);
    } catch (err) {
      if (isDistroreadyError(err) && (err.httpStatus === 400 || err.httpStatus === 404)) html(res, err.httpStatus, renderErrorPage(err.httpStatus, err.message));
      else next(err);
    }
  };
}

/** Express 5 hands a `*name` wildcard over as its path segments; `%2F` inside one stays part of it. */
function nameParam(req: Request): string {
  const raw = (req.params as { name?: string | string[] }).name;
  return Array.isArray(raw) ? raw.join('/') : String(raw ?? '');
}

const EXPORT_TYPES: Record<ExportFormat, string> = { csv: 'text/csv; charset=utf-8', html: REPORT_MEDIA_TYPES.html, md: REPORT_MEDIA_TYPES.md, json: REPORT_MEDIA_TYPES.json };

export function dashboardRoutes(store: ResultStore, options: DashboardOptions): Router {
  const grouping = options.grouping ?? groupingFor();
  const thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
  const reader = options.reader ?? storeReader(store, options.catalog, grouping, options.workloadNames);
  const newest = (): string | undefined => reader.summaries().reduce<string | undefined>((max, r) => (max === undefined || r.probedAt > max ? r.probedAt : max), undefined);
  const router = Router();
  const read = readAccess(options.access);

  router.get('/', read, page((_req, res) => {
    html(res, 200, renderOverviewPage(overviewPage(reader.summaries(), grouping, reader.remediation), newest()));
  }));

  router.get('/workloads', read, page((req, res) => {
    const query = parseWorkloadQuery(req.query as Record<string, unknown>);
    // The filter form sends every field, empty ones too: answer with the view's one canonical link, to share.
    const canonical = listHref(query);
    if (req.originalUrl !== canonical) {
      res.redirect(302, canonical);
      return;
    }
    const view = listPage({ rows: reader.summaries(), query, grouping, remediation: reader.remediation, thresholds, probes: reader.catalog.probes, trendOf: (name) => trendPoints(reader.history(name, SPARKLINE_SWEEPS)) });
    html(res, 200, renderListPage(view, newest()));
  }));

  router.get('/workloads/*name', read, page((req, res) => {
    const name = nameParam(req);
    const result = reader.known(name) ? reader.result(name) : undefined;
    if (!result) throw new DistroreadyError('NOT_FOUND', `no results for a workload named "${name}"${reader.known(name) ? ' yet; it has not been probed' : ''}`);
    const group = grouping.of(result);
    html(res, 200, renderWorkloadPage({
      result,
      probes: reader.catalog.probes,
      history: reader.history(name, CHART_SWEEPS),
      group: { label: grouping.label, value: group },
      thresholds,
      links: {
        json: `/api/v1/workloads/${encodeURIComponent(name)}`,
        history: `/api/v1/workloads/${encodeURIComponent(name)}/history`,
        list: '/workloads',
        group: listHref({ group: group ?? NO_GROUP }),
      },
    }));
  }));

  router.get('/checks', read, page((_req, res) => {
    html(res, 200, renderChecksPage(allChecksPage(reader.summaries(), grouping, reader.remediation), newest()));
  }));

  router.get('/groups', read, page((_req, res) => {
    html(res, 200, renderGroupsPage(allChecksPage(reader.summaries(), grouping, reader.remediation), newest()));
  }));

  for (const format of Object.keys(EXPORT_TYPES) as ExportFormat[]) {
    router.get(`/export.${format}`, read, page(async (req, res) => {
      // An export is the whole view: every page of it, so paging is parsed and left out.
      const query = parseWorkloadQuery(req.query as Record<string, unknown>);
      const rows = reader.summaries().filter((r) => matches(r, query)).sort(compareBy(query.sort));
      // CSV is the rows the page already holds; a report expands every result of the view, so the worker renders it.
      const body = format === 'csv' ? renderCsv(rows, grouping.label, reader.catalog.probes) : await options.reports.render(format, rows.map((r) => r.name), grouping.by);
      res
        .type(EXPORT_TYPES[format])
        .set('Cache-Control', 'no-store')
        .set('Content-Disposition', `attachment; filename="distroready-workloads.${format}"`)
        .set('X-Content-Type-Options', 'nosniff')
        .set('Content-Security-Policy', CONTENT_SECURITY_POLICY)
        .send(body);
    }));
  }
  return router;
}

