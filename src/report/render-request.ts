/**
 * One render as the report service asks it: which format, the results as stored JSON, and
 * how the overview groups workloads. The same function runs in the render worker and,
 * when there is none (tests run from sources), in the caller's thread.
 */
import { buildReport, type CompactResult, type ReportCatalog } from '../model';
import { expandResult } from './expand-result';
import { groupingFor } from './grouping';
import { renderReport, type ReportFormat } from './render';

export interface RenderRequest {
  format: ReportFormat;
  results: string[];
  generatedAt: string;
  /** `report.groupBy` (a Grouping's `by`): functions do not cross to the worker, its name does. */
  groupBy?: string;
}

export function renderRequest(r: RenderRequest, catalog: ReportCatalog): string {
  const workloads = r.results.map((json) => expandResult(JSON.parse(json) as CompactResult, catalog));
  const report = buildReport(workloads, catalog, new Date(r.generatedAt));
  return renderReport(report, r.format, { grouping: groupingFor(r.groupBy) });
}
