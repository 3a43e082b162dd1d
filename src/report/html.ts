/**
 * The saved HTML readiness report: one self-contained file (inline CSS and SVG, no script,
 * nothing external, its CSP in a meta tag) that opens offline. The fleet overview first,
 * then a table of contents, then one section per workload, folded beyond the first few.
 */
import type { Report } from '../model';
import { escapeHtml as esc } from './escape';
import { overviewHtml, type OverviewLinks } from './html-overview';
import { htmlPage } from './html-page';
import { probePills, verdictBadge, workloadSection } from './html-workload';
import type { Grouping } from './grouping';
import { reportOutline, SECTIONS_OPEN, type ReportOutline } from './report-outline';
import { waveOf } from './report-view';
import type { WorkloadSummary } from './workload-summary';

export interface HtmlOptions {
  grouping?: Grouping;
}

function links(outline: ReportOutline): OverviewLinks {
  return {
    workload: (name) => `#${outline.anchors.get(name)}`,
    verdict: (v) => `#wave-${waveOf({ verdict: v })}`,
    check: () => null,
    group: () => null,
    allWorkloads: '#workloads',
    allChecks: null,
    allGroups: null,
  };
}

function contentsRow(r: WorkloadSummary, outline: ReportOutline, probes: Report['catalog']['probes']): string {
  const w = { verdict: r.verdict };
  const blockers = r.blockers.length ? r.blockers.map((b) => `<code>${esc(b)}</code>`).join(', ') : '<span class="muted">none</span>';
  const pills = probePills(Object.fromEntries(Object.entries(r.probes).map(([k, status]) => [k, { status }])), probes);
  return `<tr><td><a href="#${esc(outline.anchors.get(r.name))}">${esc(r.name)}</a></td><td>${esc(r.group ?? '')}</td><td>${verdictBadge(w)}</td><td class="num">${r.score === null ? '—' : esc(r.score)}</td><td>${pills}</td><td>${blockers}</td></tr>`;
}

function contents(outline: ReportOutline, probes: Report['catalog']['probes']): string {
  return `<h2 id="workloads">Workloads <span class="count">${esc(outline.rows.length)}</span></h2>
<table><thead><tr><th>Workload</th><th>${esc(outline.grouping.label)}</th><th>Verdict</th><th>Score</th><th>Probes</th><th>Blockers</th></tr></thead>
<tbody>
${outline.rows.map((r) => contentsRow(r, outline, probes)).join('\n')}
</tbody></table>`;
}

function body(report: Report, outline: ReportOutline): string {
  if (report.workloads.length === 0) return '<div class="card"><h2>No results</h2><p class="muted">No workload was probed.</p></div>';
  const sections = report.workloads.map((w, i) =>
    workloadSection(w, outline.anchors.get(w.name)!, i < SECTIONS_OPEN, report.catalog.probes, { label: outline.grouping.label, value: outline.rows[i]!.group }),
  );
  return `${overviewHtml(outline.overview, links(outline))}
${contents(outline, report.catalog.probes)}
<h2 id="findings">Findings per workload</h2>
<p class="muted">Each workload folds open; a link from the plan or the table above opens it.</p>
${sections.join('\n')}
<footer>Report format version ${esc(report.version)}. Blockers are failed critical checks; scores weigh checks by severity. The same data: <code>distroready check --format json</code>.</footer>`;
}

export function renderHtml(report: Report, options: HtmlOptions = {}): string {
  const outline = reportOutline(report, options.grouping);
  return htmlPage({ title: 'distroready — distroless readiness report', subtitle: 'distroless readiness report', generatedAt: report.generatedAt }, body(report, outline));
}
