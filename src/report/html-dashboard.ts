/**
 * The dashboard's fleet pages: the overview (`/`), the workload list with its filters
 * (`/workloads?…`), every failing check (`/checks`) and every group (`/groups`). Plain
 * server-rendered HTML: the filters are a GET form, sorting and paging are links, so every
 * view is a URL and nothing needs JavaScript.
 */
import { escapeHtml as esc, escapeName } from './escape';
import type { ExportLink, ListPage, OverviewPage } from './dashboard-view';
import { dashboardLinks } from './dashboard-view';
import type { FleetOverview } from './fleet-view';
import { checksHtml, groupsHtml, overviewHtml } from './html-overview';
import { htmlPage, type NavLink } from './html-page';
import { probePills, verdictBadge } from './html-workload';
import { trendSvg } from './svg';
import type { WorkloadSummary } from './workload-summary';
import { workloadHref } from './dashboard-view';

export const DASHBOARD_NAV: readonly NavLink[] = [
  { label: 'Overview', href: '/' },
  { label: 'Workloads', href: '/workloads' },
  { label: 'Failing checks', href: '/checks' },
  { label: 'Groups', href: '/groups' },
  { label: 'API', href: '/api/v1/openapi.json' },
  { label: 'Metrics', href: '/metrics' },
];

function page(title: string, generatedAt: string | undefined, body: string, refreshSeconds?: number): string {
  return htmlPage({ title: `${title} — distroready`, subtitle: 'live dashboard · reload for the latest sweep', generatedAt, nav: DASHBOARD_NAV, home: '/', refreshSeconds }, body);
}

function exportsBar(links: readonly ExportLink[]): string {
  return `<p class="exports">Export this view: ${links.map((l) => `<a href="${esc(l.href)}">${esc(l.label)}</a>`).join(' · ')}</p>`;
}

export function renderOverviewPage(p: OverviewPage, generatedAt: string | undefined): string {
  if (p.overview.summary.workloads === 0) {
    const body = '<div class="card"><h2>No results yet</h2><p class="muted">The first sweep is still running; this page reloads itself every few seconds.</p></div>';
    return page('Overview', generatedAt, body, 5);
  }
  const search = `<form class="search" method="get" action="/workloads"><label>Find a workload <input type="search" name="q" placeholder="name contains…"></label> <button type="submit">Search</button></form>`;
  return page('Overview', generatedAt, `${search}\n${overviewHtml(p.overview, dashboardLinks)}\n${exportsBar(p.exports)}`);
}

function select(name: string, label: string, current: string | undefined, options: readonly { value: string; label: string }[], any = 'any'): string {
  const opts = options.map((o) => `<option value="${esc(o.value)}"${o.value === current ? ' selected' : ''}>${esc(o.label)}</option>`);
  const none = any ? `<option value="">${esc(any)}</option>` : '';
  return `<label>${esc(label)} <select name="${esc(name)}">${none}${opts.join('')}</select></label>`;
}

function filterForm(p: ListPage): string {
  const q = p.page.query;
  const c = p.choices;
  return `<form class="filters card" method="get" action="/workloads">
<label>Name <input type="search" name="q" value="${esc(q.q ?? '')}" placeholder="contains…"></label>
${select('verdict', 'Verdict', q.verdict, c.verdicts)}
${select('group', p.groupLabel, q.group, c.groups)}
${select('probe', 'Probe', q.probe, c.probes)}
${select('status', 'status', q.status, c.statuses, 'with a problem')}
${select('check', 'Failed check', q.check, c.checks)}
${select('sort', 'Sort by', q.sort, c.sorts, '')}
<button type="submit">Apply</button> <a href="/workloads">clear</a>
</form>`;
}

function change(r: WorkloadSummary): string {
  if (r.change === null) return `<span class="muted" title="${r.previous ? 'no score to compare' : 'first sweep'}">—</span>`;
  if (r.change === 0) return '<span class="muted">±0</span>';
  const cls = r.change > 0 ? 'up' : 'down';
  return `<span class="delta ${cls}">${r.change > 0 ? '▲ +' : '▼ −'}${esc(Math.abs(r.change))}</span>`;
}

function problems(r: WorkloadSummary): string {
  if (r.blockers.length) return `<span class="muted">blocked by</span> ${r.blockers.map((b) => `<code class="chip sev-critical">${esc(b)}</code>`).join(' ')}`;
  if (r.needs.length) return `<span class="muted">needs:</span> ${esc(r.needs[0]!)}${r.needs.length > 1 ? ` <span class="muted">(and ${r.needs.length - 1} more)</span>` : ''}`;
  if (r.failed.length) return `<span class="muted">${esc(r.failed.length)} to fix:</span> ${r.failed.slice(0, 2).map((c) => `<code class="chip sev-${esc(c.severity)}">${esc(c.id)}</code>`).join(' ')}${r.failed.length > 2 ? ` <a class="more" href="${esc(workloadHref(r.name))}">+${r.failed.length - 2} more</a>` : ''}`;
  return '<span class="muted">nothing to fix</span>';
}

function row(r: WorkloadSummary, p: ListPage): string {
  const pills = probePills(Object.fromEntries(Object.entries(r.probes).map(([k, status]) => [k, { status }])), p.probes, true);
  const group = r.group ? `<div class="muted small">${esc(p.groupLabel)} ${esc(r.group)}</div>` : '';
  return `<tr><td class="name"><a href="${esc(workloadHref(r.name))}">${escapeName(r.name)}</a>${group}</td><td>${verdictBadge(r)}</td><td class="num">${r.score === null ? '—' : esc(r.score)}</td><td class="num">${change(r)}</td><td>${trendSvg(p.trends.get(r.name) ?? [], p.thresholds)}</td><td>${pills}</td><td class="problems">${problems(r)}</td></tr>`;
}

function pagerHtml(p: ListPage): string {
  const items = p.pager.map((l) => (l.href ? `<a href="${esc(l.href)}">${esc(l.label)}</a>` : `<span class="${l.current ? 'current' : 'muted'}">${esc(l.label)}</span>`));
  return `<nav class="pager" aria-label="pages">${items.join(' ')}</nav>`;
}

function activeHtml(p: ListPage): string {
  if (p.active.length === 0) return '';
  return `<p class="active">${p.active.map((a) => `<span class="pill">${esc(a.label)} <a href="${esc(a.clear)}" title="remove this filter">×</a></span>`).join(' ')}</p>`;
}

export function renderListPage(p: ListPage, generatedAt: string | undefined): string {
  const { page: wp } = p;
  const first = (wp.query.page - 1) * wp.query.limit + 1;
  const shown = wp.rows.length ? `${esc(first)}–${esc(first + wp.rows.length - 1)} of ${esc(wp.total)}` : `none of ${esc(wp.total)}`;
  const table = wp.rows.length
    ? `<div class="table-wrap"><table class="list"><thead><tr><th><a href="${esc(p.sortLinks.name)}">Workload</a> <span class="muted">· ${esc(p.groupLabel)}</span></th><th>Verdict</th><th><a href="${esc(p.sortLinks.score)}">Score</a></th><th><a href="${esc(p.sortLinks.change)}" title="score change since the previous sweep">Change</a></th><th>Trend</th><th>Probes</th><th>In the way</th></tr></thead>
<tbody>
${wp.rows.map((r) => row(r, p)).join('\n')}
</tbody></table></div>`
    : `<div class="card"><p>No workload matches${wp.total ? ` on page ${esc(wp.query.page)}; there ${wp.total === 1 ? 'is' : 'are'} ${esc(wp.pages)} page(s)` : ''}. <a href="/workloads">Show all workloads</a>.</p></div>`;
  const body = `<h2>Workloads <span class="count">${shown}</span></h2>
${filterForm(p)}
${activeHtml(p)}
${table}
${pagerHtml(p)}
${exportsBar(p.exports)}`;
  return page('Workloads', generatedAt, body);
}

export function renderChecksPage(o: FleetOverview, generatedAt: string | undefined): string {
  return page('Failing checks', generatedAt, `<div class="full">${checksHtml(o, dashboardLinks)}</div>`);
}

export function renderGroupsPage(o: FleetOverview, generatedAt: string | undefined): string {
  return page(`Readiness by ${o.groupLabel}`, generatedAt, `${groupsHtml(o, dashboardLinks)}`);
}

/** A 400 or 404 as a page a person can act on. */
export function renderErrorPage(status: number, message: string): string {
  return page(status === 404 ? 'Not found' : 'Bad request', undefined, `<div class="card"><h2>${status === 404 ? 'Not found' : 'This view cannot be shown'}</h2><p>${esc(message)}</p><p><a href="/workloads">All workloads</a> · <a href="/">Overview</a></p></div>`);
}
