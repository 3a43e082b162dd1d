/**
 * The composition of distroready's HTTP surface. Builds routes and never listens:
 * `server.ts` does that, and tests drive this app through supertest.
 */
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import type { Metrics } from '../metrics/metrics';
import type { ReportCatalog } from '../model';
import type { ResultStore } from '../store/result-store';
import { errorMiddleware, notFoundHandler } from './error-middleware';
import { opsRoutes, type Readiness } from './ops-routes';
import { requestTelemetry } from './request-telemetry';
import { workloadRoutes } from './workload-routes';
import { dashboardRoutes, type DashboardOptions } from './dashboard-routes';
import { actionRoutes } from './action-routes';
import type { AccessConfig } from './auth';
import { exporterRoutes } from './exporter-routes';
import type { ProbeRunner } from './probe-runner';
import { createReportService, type ReportService } from './report-service';
import { sdRoutes } from './sd-routes';
import type { WorkloadConfig } from '../targets/target';

export interface AppDeps {
  store: ResultStore;
  metrics: Metrics;
  readiness: Readiness;
  logger: Logger;
  workloadNames: () => readonly string[];
  /** On-demand probing; without it the traffic-sending endpoints answer 503. */
  runner?: ProbeRunner;
  /** `api.token`, `api.protectReads` and `api.protectMetrics`; without it everything is open. */
  access?: AccessConfig;
  /** The words of the checks, to expand stored results for the API and reports. */
  catalog: ReportCatalog;
  /** Renders reports off the event loop; default: one over `store`. */
  reports?: ReportService;
  /** The verdict thresholds the dashboard draws, and how it groups workloads. */
  dashboard?: Pick<DashboardOptions, 'thresholds' | 'grouping'>;
  /** The workloads judged here, for Prometheus service discovery (`GET /api/v1/targets`). */
  workloads?: () => readonly WorkloadConfig[];
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  const reports = deps.reports ?? createReportService(deps.store, deps.catalog, deps.logger);
  app.disable('x-powered-by');
  // Every answer is computed fresh (no-store); hashing each body for an ETag cost more than
  // building it (a /probe answer, a 2 MB /metrics).
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.use(requestTelemetry(deps.metrics, deps.logger));
  app.use(opsRoutes(deps.metrics, deps.readiness, deps.access));
  app.use('/api/v1', express.json({ limit: '64kb' }), workloadRoutes({ store: deps.store, workloadNames: deps.workloadNames, catalog: deps.catalog, reports, access: deps.access, groupBy: deps.dashboard?.grouping?.by }), sdRoutes(deps.workloads, deps.access), actionRoutes(deps.runner, deps.catalog, deps.access));
  app.use(exporterRoutes(deps.runner, deps.access));
  app.use(dashboardRoutes(deps.store, { workloadNames: deps.workloadNames, access: deps.access, catalog: deps.catalog, reports, ...deps.dashboard }));
  app.use(notFoundHandler());
  app.use(errorMiddleware(deps.logger));
  return app;
}
