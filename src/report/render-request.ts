/**
 * One render as the report service asks it: which format, the results as stored JSON, and
 * for the dashboard its trends and links. The same function runs in the render worker and,
 * when there is none (tests run from sources), in the caller's thread.
 */
import { buildReport, type CompactResult, type ReportCatalog } from '../model';
import { expandResult } from './expand-result';
import { renderHtml, type HtmlOptions } from './html';
import { renderReport, type ReportFormat } from './render';

export interface RenderRequest {
  /** A report format, or `dashboard` for the live page at `/`. */
  format: ReportFormat | 'dashboard';
  results: string[];
  generatedAt: string;
  html?: HtmlOptions;
}

export function renderRequest(r: RenderRequest, catalog: ReportCatalog): string {
  const workloads = r.results.map((json) => expandResult(JSON.parse(json) as CompactResult, catalog));
  const report = buildReport(workloads, catalog, new Date(r.generatedAt));
  return r.format === 'dashboard' ? renderHtml(report, r.html ?? {}) : renderReport(report, r.format);
}
