/**
 * `GET /`: the HTML readiness report, live from the store, with each workload's score
 * trend from its history. Plain HTML and inline SVG, readable with JavaScript off; the
 * content security policy allows no script at all, as a second line behind escaping.
 * Rendered by the report service (off the event loop, once per state of the store).
 */
import { Router } from 'express';
import { trendPoints } from '../report/report-view';
import type { ResultStore } from '../store/result-store';
import { readAccess, type AccessConfig } from './auth';
import type { ReportService } from './report-service';

/** Sweeps shown in each trend: a day at the default 60 s interval would crowd a sparkline. */
const TREND_POINTS = 48;

/** The same report in the other formats, from the report route. */
const DOWNLOADS = [
  { label: 'JSON', href: '/api/v1/report?format=json' },
  { label: 'Markdown', href: '/api/v1/report?format=md' },
  { label: 'JUnit', href: '/api/v1/report?format=junit' },
  { label: 'SARIF', href: '/api/v1/report?format=sarif' },
  { label: 'API', href: '/api/v1/openapi.json' },
];

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * `workloadNames`, when given, keeps the page to the configured workloads in config order
 * (ad-hoc `POST /checks` results stay out of it), as the API does. The page shows what
 * the read API shows, so `api.protectReads` guards it the same way.
 */
export function dashboardRoutes(store: ResultStore, reports: ReportService, workloadNames?: () => readonly string[], access?: AccessConfig): Router {
  const router = Router();
  router.get('/', readAccess(access), async (_req, res) => {
    const names = workloadNames ? workloadNames() : store.latest().map((r) => r.name);
    const shown = names.filter((n) => store.summaryFor(n) !== undefined);
    const body = await reports.render('dashboard', shown, () => ({
      trends: Object.fromEntries(shown.map((n) => [n, trendPoints(store.history(n, TREND_POINTS))])),
      live: true,
      links: DOWNLOADS,
    }));
    res
      .type('html')
      .set('Cache-Control', 'no-store')
      .set('Content-Security-Policy', CSP)
      .set('X-Content-Type-Options', 'nosniff')
      .send(body);
  });
  return router;
}
