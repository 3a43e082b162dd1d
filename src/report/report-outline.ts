/**
 * The outline the saved reports (HTML, Markdown) share with the dashboard: the fleet
 * overview first, then the table of contents, then one section per workload, each with a
 * stable anchor. Derived once here from the report; the renderers only lay it out.
 */
import type { Report, WorkloadResult } from '../model';
import { fleetOverview, type FleetOverview } from './fleet-view';
import { groupingFor, type Grouping } from './grouping';
import { summarizeWorkload, type WorkloadSummary } from './workload-summary';

/** Workload sections shown open: a small report reads without a click, a large one starts folded. */
export const SECTIONS_OPEN = 3;
/** Members shown in a wave before the rest fold away (the report) or link away (the dashboard). */
export const WAVE_SHOWN = 8;

export interface ReportOutline {
  overview: FleetOverview;
  /** One row per workload, in report order: the table of contents. */
  rows: WorkloadSummary[];
  /** `workload-1`, `workload-2`, …: anchors that do not depend on what a name contains. */
  anchors: ReadonlyMap<string, string>;
  grouping: Grouping;
}

/** The fix of each check id, from the first result that failed it. */
export function remediationFrom(results: readonly WorkloadResult[]): (id: string) => string {
  const byId = new Map<string, string>();
  for (const w of results) for (const c of w.checks) if (c.status === 'fail' && !byId.has(c.id)) byId.set(c.id, c.remediation);
  return (id) => byId.get(id) ?? '';
}

export function reportOutline(report: Report, grouping: Grouping = groupingFor()): ReportOutline {
  const rows = report.workloads.map((w) => summarizeWorkload(w, grouping));
  return {
    overview: fleetOverview(rows, { groupLabel: grouping.label, remediation: remediationFrom(report.workloads) }),
    rows,
    anchors: new Map(report.workloads.map((w, i) => [w.name, `workload-${i + 1}`])),
    grouping,
  };
}
