/**
 * The dashboard's pages as data — the links between them, the filter choices, the page of
 * workloads asked for — derived here so the HTML renderers only lay them out. URLs are
 * stable: `/workloads/{name}` with the name URL-encoded (discovered names contain "/"),
 * `/workloads?…` with the view in the query.
 */
import { PROBE_IDS as probeIds } from '../../probes/ids';
import type { ProbeId } from '../../probes/types';
import { PROBE_STATUSES, VERDICTS, type ProbeStatus, type ReportCatalog, type Verdict } from '../model';
import { failingChecks, fleetOverview, groupReadiness, type FleetOverview, type TopCheck } from './fleet-view';
import type { Grouping } from './grouping';
import { NO_GROUP } from './grouping';
import type { OverviewLinks } from './html-overview';
import { WAVE_SHOWN } from './report-outline';
import type { TrendPoint } from './report-view';
import type { Thresholds } from './svg';
import { queryString, selectWorkloads, SORT_LABEL, SORTS, type Sort, type WorkloadPage, type WorkloadQuery } from './workload-query';
import type { WorkloadSummary } from './workload-summary';

/** Top failing checks on the overview; every one is on `/checks`. */
export const TOP_CHECKS = 10;
/** Groups on the overview; every one is on `/groups`. */
export const TOP_GROUPS = 20;

export function workloadHref(name: string): string {
  return `/workloads/${encodeURIComponent(name)}`;
}

export function listHref(q: Partial<WorkloadQuery>): string {
  return `/workloads${queryString(q)}`;
}

export const EXPORT_FORMATS = ['csv', 'html', 'md', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
const EXPORT_LABEL: Record<ExportFormat, string> = { csv: 'CSV', html: 'HTML report', md: 'Markdown report', json: 'JSON report' };

export interface ExportLink {
  label: string;
  href: string;
}

/** The current view (filters and sort, every page of it) in each export format. */
export function exportLinks(q: Partial<WorkloadQuery>): ExportLink[] {
  const qs = queryString(q, { paging: false });
  return EXPORT_FORMATS.map((f) => ({ label: EXPORT_LABEL[f], href: `/export.${f}${qs}` }));
}

export const dashboardLinks: OverviewLinks = {
  workload: workloadHref,
  verdict: (verdict) => listHref({ verdict }),
  check: (check) => listHref({ check }),
  group: (group) => listHref({ group: group ?? NO_GROUP }),
  allWorkloads: '/workloads',
  allChecks: '/checks',
  allGroups: '/groups',
};

export interface OverviewPage {
  overview: FleetOverview;
  exports: ExportLink[];
}

export function overviewPage(rows: readonly WorkloadSummary[], grouping: Grouping, remediation: (id: string) => string): OverviewPage {
  return {
    overview: fleetOverview(rows, { groupLabel: grouping.label, remediation, topChecks: TOP_CHECKS, groups: TOP_GROUPS, waveMembers: WAVE_SHOWN }),
    exports: exportLinks({}),
  };
}

/** Every failing check (`/checks`), or every group (`/groups`): the overview's full lists. */
export function allChecksPage(rows: readonly WorkloadSummary[], grouping: Grouping, remediation: (id: string) => string): FleetOverview {
  return fleetOverview(rows, { groupLabel: grouping.label, remediation, waveMembers: 0 });
}

export interface Choice<T extends string = string> {
  value: T;
  label: string;
}

export interface FilterChoices {
  verdicts: Choice<Verdict>[];
  groups: Choice[];
  probes: Choice<ProbeId>[];
  statuses: Choice<ProbeStatus>[];
  /** Checks that fail somewhere: the ones worth filtering by. */
  checks: Choice[];
  sorts: Choice<Sort>[];
}

export interface PageLink {
  label: string;
  href: string | null;
  current?: boolean;
}

export interface ListPage {
  page: WorkloadPage;
  groupLabel: string;
  choices: FilterChoices;
  /** Column headers that sort: name, score, change; each link toggles its direction. */
  sortLinks: Record<'name' | 'score' | 'change', string>;
  pager: PageLink[];
  exports: ExportLink[];
  /** Score history of each workload on the page, oldest first. */
  trends: ReadonlyMap<string, TrendPoint[]>;
  thresholds: Thresholds;
  /** Filters in words, each with a link that drops it: "verdict: not ready ×". */
  active: { label: string; clear: string }[];
  /** The probes' columns, from the catalog. */
  probes: ReportCatalog['probes'];
}

function choices(rows: readonly WorkloadSummary[], remediation: (id: string) => string): FilterChoices {
  const checks: TopCheck[] = failingChecks(rows, remediation);
  return {
    verdicts: VERDICTS.map((v) => ({ value: v, label: v })),
    groups: groupReadiness(rows).map((g) => ({ value: g.group ?? NO_GROUP, label: `${g.group ?? NO_GROUP} (${g.total})` })),
    probes: probeIds.map((p) => ({ value: p, label: p })),
    statuses: PROBE_STATUSES.map((s) => ({ value: s, label: s })),
    checks: checks.map((c) => ({ value: c.id, label: `${c.id} (${c.failing})` })),
    sorts: SORTS.map((s) => ({ value: s, label: SORT_LABEL[s] })),
  };
}

/** Page numbers around the current one, with the first and last always reachable. */
function pager(p: WorkloadPage): PageLink[] {
  const q = p.query;
  const link = (page: number, label = String(page)): PageLink => ({ label, href: page === q.page ? null : listHref({ ...q, page }), current: page === q.page });
  const out: PageLink[] = [{ label: '← previous', href: q.page > 1 ? listHref({ ...q, page: q.page - 1 }) : null }];
  const wanted = new Set([1, p.pages, q.page - 2, q.page - 1, q.page, q.page + 1, q.page + 2].filter((n) => n >= 1 && n <= p.pages));
  let last = 0;
  for (const n of [...wanted].sort((a, b) => a - b)) {
    if (n > last + 1) out.push({ label: '…', href: null });
    out.push(link(n));
    last = n;
  }
  out.push({ label: 'next →', href: q.page < p.pages ? listHref({ ...q, page: q.page + 1 }) : null });
  return out;
}

function toggled(current: Sort, key: 'name' | 'score' | 'change'): Sort {
  return current === key ? (`-${key}` as Sort) : key;
}

function activeFilters(q: WorkloadQuery, groupLabel: string): ListPage['active'] {
  const drop = (key: keyof WorkloadQuery): string => listHref({ ...q, [key]: undefined, page: 1 });
  const out: ListPage['active'] = [];
  if (q.verdict) out.push({ label: `verdict: ${q.verdict}`, clear: drop('verdict') });
  if (q.group !== undefined) out.push({ label: `${groupLabel}: ${q.group}`, clear: drop('group') });
  if (q.probe || q.status) out.push({ label: `probe: ${q.probe ?? 'any'} ${q.status ?? 'with a problem'}`, clear: listHref({ ...q, probe: undefined, status: undefined, page: 1 }) });
  if (q.check) out.push({ label: `check failed: ${q.check}`, clear: drop('check') });
  if (q.q) out.push({ label: `name contains: ${q.q}`, clear: drop('q') });
  return out;
}

export interface ListPageInput {
  rows: readonly WorkloadSummary[];
  query: WorkloadQuery;
  grouping: Grouping;
  remediation: (id: string) => string;
  thresholds: Thresholds;
  probes: ReportCatalog['probes'];
  /** Reads the trend of the workloads on the page only. */
  trendOf(name: string): TrendPoint[];
}

export function listPage(i: ListPageInput): ListPage {
  const page = selectWorkloads(i.rows, i.query);
  return {
    page,
    groupLabel: i.grouping.label,
    choices: choices(i.rows, i.remediation),
    sortLinks: {
      name: listHref({ ...i.query, sort: toggled(i.query.sort, 'name'), page: 1 }),
      score: listHref({ ...i.query, sort: toggled(i.query.sort, 'score'), page: 1 }),
      change: listHref({ ...i.query, sort: toggled(i.query.sort, 'change'), page: 1 }),
    },
    pager: pager(page),
    exports: exportLinks(i.query),
    trends: new Map(page.rows.map((r) => [r.name, i.trendOf(r.name)])),
    thresholds: i.thresholds,
    active: activeFilters(i.query, i.grouping.label),
    probes: i.probes,
  };
}
