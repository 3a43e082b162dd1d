/** `GET /`: the latest verdicts as a plain HTML page, readable with JavaScript off. */
import { Router } from 'express';
import { buildReport } from '../model';
import { escapeHtml } from '../report/escape';
import type { ResultStore } from '../store/result-store';

export function dashboardRoutes(store: ResultStore): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    const report = buildReport(store.latest());
    const rows = report.workloads
      .map((w) => `<tr><td>${escapeHtml(w.name)}</td><td>${escapeHtml(w.verdict)}</td><td>${escapeHtml(w.score ?? '—')}</td><td>${w.blockers.map(escapeHtml).join(', ')}</td></tr>`)
      .join('\n');
    res.type('html').send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>distroready</title></head><body>
<h1>distroready</h1>
<p>${report.summary.ready} ready · ${report.summary.caveats} with caveats · ${report.summary.notReady} not ready</p>
<table><thead><tr><th>Workload</th><th>Verdict</th><th>Score</th><th>Blockers</th></tr></thead><tbody>
${rows}
</tbody></table></body></html>`);
  });
  return router;
}
