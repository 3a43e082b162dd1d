/**
 * The HTML readiness report: one self-contained file (inline CSS and SVG, no script, no
 * external asset). The dashboard at `/` is the same page, given score trends from history.
 */
import type { CheckResult, Report, WorkloadResult } from '../model';
import { escapeHtml as esc } from './escape';
import { REPORT_CSS } from './html-style';
import { probePills, verdictBadge, workloadSection } from './html-workload';
import { migrationPlan, scoreDistribution, type TrendPoint, type Wave } from './report-view';
import { distributionSvg, trendSvg } from './svg';

export interface HtmlOptions {
  /** Score history per workload name, oldest first; adds a trend column (the dashboard). */
  trends?: Record<string, TrendPoint[]>;
  /** The live dashboard: says so, and reloads itself while there are no results yet. */
  live?: boolean;
  /** Links shown in the header (the dashboard's other formats of the same report). */
  links?: { label: string; href: string }[];
}

type Anchors = Map<string, string>;

function summaryCards(report: Report): string {
  const s = report.summary;
  const card = (cls: string, n: number, label: string, hint: string): string =>
    `<div class="card stat ${cls}"><div class="n">${esc(n)}</div><div><strong>${esc(label)}</strong></div><div class="muted">${esc(hint)}</div></div>`;
  return `<div class="summary">
${card('', s.workloads, 'workloads', 'probed in this sweep')}
${card('v-ready', s.ready, 'ready', 'can move to a distroless image now')}
${card('v-caveats', s.caveats, 'with caveats', 'can move; some signals need work')}
${card('v-not-ready', s.notReady, 'not ready', 'would break or go blind without a shell')}
${card('v-incomplete', s.incomplete, 'incomplete', 'not judged yet: distroready needs more input')}
</div>`;
}

/** Checks named in a wave column: the first few as chips (critical ones marked), then a count. */
const WAVE_CHIPS = 4;

function waveChips(checks: readonly CheckResult[]): string {
  const shown = checks.length > WAVE_CHIPS + 1 ? checks.slice(0, WAVE_CHIPS) : checks;
  const chips = shown.map((c) => `<code class="chip sev-${esc(c.severity)}" title="${esc(c.severity)}">${esc(c.id)}</code>`);
  const more = checks.length - shown.length;
  return `${chips.join(' ')}${more > 0 ? ` <span class="muted">+${more} more</span>` : ''}`;
}

function waveColumn(wave: Wave, anchors: Anchors): string {
  const label = wave.column.toLowerCase();
  const items = wave.workloads.map((e) => {
    const why = e.checks.length ? `${label}: ${waveChips(e.checks)}` : esc(e.reason ?? 'nothing to fix');
    return `<li><a href="#${esc(anchors.get(e.name))}">${esc(e.name)}</a> <span class="muted">· ${e.score === null ? '—' : esc(e.score)}</span><span class="why">${why}</span></li>`;
  });
  const body = items.length ? `<ul>${items.join('')}</ul>` : '<p class="muted">none</p>';
  return `<div class="wave w${wave.wave}"><h3>${esc(wave.title)}</h3><p class="muted">${esc(wave.advice)}</p>${body}</div>`;
}

function overviewRow(w: WorkloadResult, anchor: string, trend: TrendPoint[] | undefined, withTrend: boolean, probes: Report['catalog']['probes']): string {
  const trendCell = withTrend ? `<td>${trendSvg(trend ?? [])}</td>` : '';
  const blockers = w.blockers.length ? w.blockers.map((b) => `<code>${esc(b)}</code>`).join(', ') : '<span class="muted">none</span>';
  return `<tr><td><a href="#${esc(anchor)}">${esc(w.name)}</a></td><td>${verdictBadge(w)}</td><td class="num">${w.score === null ? '—' : esc(w.score)}</td>${trendCell}<td>${probePills(w, probes)}</td><td>${blockers}</td></tr>`;
}

function overviewTable(report: Report, anchors: Anchors, trends: HtmlOptions['trends']): string {
  const withTrend = trends !== undefined;
  const rows = report.workloads.map((w) => overviewRow(w, anchors.get(w.name)!, trends?.[w.name], withTrend, report.catalog.probes));
  return `<table><thead><tr><th>Workload</th><th>Verdict</th><th>Score</th>${withTrend ? '<th>Trend</th>' : ''}<th>Probes</th><th>Blockers</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table>`;
}

const LEGEND = `<div class="legend"><span><i class="v-ready"></i>ready</span><span><i class="v-caveats"></i>caveats</span><span><i class="v-not-ready"></i>not ready</span><span><i class="v-incomplete"></i>incomplete</span></div>`;

function body(report: Report, options: HtmlOptions): string {
  if (report.workloads.length === 0) {
    return `<div class="card"><h2>No results yet</h2><p class="muted">${options.live ? 'The first sweep is still running; this page reloads itself every few seconds.' : 'No workload was probed.'}</p></div>`;
  }
  const anchors: Anchors = new Map(report.workloads.map((w, i) => [w.name, `workload-${i + 1}`]));
  return `${summaryCards(report)}
<div class="split">
<div class="card"><h2>Score distribution</h2>${distributionSvg(scoreDistribution(report))}${LEGEND}</div>
<div class="card"><h2>Migration plan</h2><div class="waves">${migrationPlan(report).map((w) => waveColumn(w, anchors)).join('')}</div></div>
</div>
<h2>Workloads</h2>
${overviewTable(report, anchors, options.trends)}
<h2>Findings per workload</h2>
${report.workloads.map((w) => workloadSection(w, anchors.get(w.name)!, report.catalog.probes)).join('\n')}`;
}

function headerLinks(links: HtmlOptions['links']): string {
  if (!links?.length) return '';
  return `<nav>${links.map((l) => `<a href="${esc(l.href)}">${esc(l.label)}</a>`).join(' ')}</nav>`;
}

export function renderHtml(report: Report, options: HtmlOptions = {}): string {
  const refresh = options.live && report.workloads.length === 0 ? '<meta http-equiv="refresh" content="5">\n' : '';
  const sub = options.live ? 'live dashboard · reload for the latest sweep' : 'distroless readiness report';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${refresh}<title>distroready — distroless readiness</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header class="top"><h1>distroready</h1><span class="sub">${esc(sub)}</span><span class="sub">generated ${esc(report.generatedAt)}</span>${headerLinks(options.links)}</header>
<main>
${body(report, options)}
<footer>Report format version ${esc(report.version)}. Blockers are failed critical checks; scores weigh checks by severity. The same data: <code>distroready check --format json</code>.</footer>
</main>
</body>
</html>
`;
}
