/**
 * The fleet overview in HTML — counts by verdict, top failing checks, readiness per group,
 * the migration waves — shared by the dashboard's `/` and the saved report. Where a part
 * shows only the first entries, the rest are one link (the dashboard's filtered list) or
 * one fold (the report) away: nothing is a "+7 more" that cannot be opened.
 */
import type { Verdict } from '../model';
import { escapeHtml as esc } from './escape';
import type { FleetOverview, GroupReadiness, TopCheck, WaveMember, WaveView } from './fleet-view';
import { NO_GROUP } from './grouping';
import { WAVE_SHOWN } from './report-outline';
import { VERDICT_LABEL } from './report-view';
import { distributionSvg } from './svg';
import type { FailedCheck } from './workload-summary';

/** Where the overview's entries lead; `null`: the page lists them itself. */
export interface OverviewLinks {
  workload(name: string): string;
  verdict(v: Verdict): string | null;
  check(id: string): string | null;
  group(g: string | null): string | null;
  /** The list of every workload (the report's table of contents, the dashboard's list). */
  allWorkloads: string | null;
  /** Every failing check, when the overview shows only the top ones. */
  allChecks: string | null;
  allGroups: string | null;
}

/** Checks named per wave member before a link to the workload says how many more. */
const CHIPS_SHOWN = 3;

function linked(href: string | null, inner: string, cls = ''): string {
  const c = cls ? ` class="${cls}"` : '';
  return href ? `<a${c} href="${esc(href)}">${inner}</a>` : cls ? `<span${c}>${inner}</span>` : inner;
}

const CARDS: { verdict: Verdict; label: string; hint: string }[] = [
  { verdict: 'ready', label: 'ready', hint: 'can move to a distroless image now' },
  { verdict: 'caveats', label: 'with caveats', hint: 'can move; some signals need work' },
  { verdict: 'not-ready', label: 'not ready', hint: 'would break or go blind without a shell' },
  { verdict: 'incomplete', label: 'incomplete', hint: 'not judged yet: distroready needs more input' },
];

function summaryCards(o: FleetOverview, links: OverviewLinks): string {
  const s = o.summary;
  const count: Record<Verdict, number> = { ready: s.ready, caveats: s.caveats, 'not-ready': s.notReady, incomplete: s.incomplete };
  const card = (cls: string, n: number, label: string, hint: string, href: string | null): string =>
    linked(href, `<div class="n">${esc(n)}</div><div><strong>${esc(label)}</strong></div><div class="muted">${esc(hint)}</div>`, `card stat ${cls}`);
  return `<div class="summary">
${card('', s.workloads, 'workloads', 'in the latest sweep', links.allWorkloads)}
${CARDS.map((c) => card(`v-${c.verdict}`, count[c.verdict], c.label, c.hint, links.verdict(c.verdict))).join('\n')}
</div>`;
}

function chips(checks: readonly FailedCheck[], more: string): string {
  const shown = checks.length > CHIPS_SHOWN + 1 ? checks.slice(0, CHIPS_SHOWN) : checks;
  const list = shown.map((c) => `<code class="chip sev-${esc(c.severity)}" title="${esc(c.severity)}">${esc(c.id)}</code>`);
  const rest = checks.length - shown.length;
  return `${list.join(' ')}${rest > 0 ? ` <a class="more" href="${esc(more)}">+${rest} more</a>` : ''}`;
}

function memberItem(m: WaveMember, column: string, links: OverviewLinks): string {
  const href = links.workload(m.name);
  const why = m.checks.length ? `${esc(column.toLowerCase())}: ${chips(m.checks, href)}` : esc(m.reason ?? 'nothing to fix');
  return `<li><a href="${esc(href)}">${esc(m.name)}</a> <span class="muted">· ${m.score === null ? '—' : esc(m.score)}</span><span class="why">${why}</span></li>`;
}

function waveColumn(w: WaveView, links: OverviewLinks): string {
  const shown = w.members.slice(0, WAVE_SHOWN).map((m) => memberItem(m, w.column, links));
  const rest = w.members.slice(WAVE_SHOWN).map((m) => memberItem(m, w.column, links));
  const fold = rest.length ? `<details class="rest"><summary>${rest.length} more in this wave</summary><ul>${rest.join('')}</ul></details>` : '';
  const href = links.verdict(w.verdict);
  const all = href && w.total > w.members.length ? `<a class="all" href="${esc(href)}">all ${esc(w.total)} in this wave →</a>` : '';
  const body = w.total ? `<ul>${shown.join('')}</ul>${fold}${all}` : '<p class="muted">none</p>';
  return `<div class="wave w${w.wave}" id="wave-${w.wave}"><h3>${esc(w.title)} <span class="count">${esc(w.total)}</span></h3><p class="muted">${esc(w.advice)}</p>${body}</div>`;
}

function topCheckRow(c: TopCheck, links: OverviewLinks): string {
  const id = linked(links.check(c.id), `<code>${esc(c.id)}</code>`);
  const blocks = c.blocking ? `<strong class="blocks">${esc(c.blocking)}</strong>` : '<span class="muted">0</span>';
  return `<tr><td>${id}<div class="muted small">${esc(c.probe)} · ${esc(c.severity)}</div></td><td class="num">${blocks}</td><td class="num">${esc(c.failing)}</td><td class="fixcell"><div title="${esc(c.remediation)}">${esc(c.remediation)}</div></td></tr>`;
}

function topChecks(o: FleetOverview, links: OverviewLinks): string {
  if (o.topChecks.length === 0) return '<div class="card"><h2>Top failing checks</h2><p class="muted">No check failed.</p></div>';
  const more = o.failingChecks - o.topChecks.length;
  const all = more > 0 && links.allChecks ? `<p><a class="all" href="${esc(links.allChecks)}">all ${esc(o.failingChecks)} failing checks →</a></p>` : '';
  return `<div class="card"><h2>Top failing checks</h2>
<table class="compact top-checks"><thead><tr><th>Check</th><th title="workloads it blocks: a failed critical check">Blocks</th><th title="workloads where it failed">Fails in</th><th>Fix</th></tr></thead>
<tbody>${o.topChecks.map((c) => topCheckRow(c, links)).join('')}</tbody></table>${all}</div>`;
}

/** A stacked bar of a group's verdicts, widths proportional to counts. */
function readinessBar(g: GroupReadiness): string {
  const order: Verdict[] = ['ready', 'caveats', 'not-ready', 'incomplete'];
  let x = 0;
  const rects = order
    .filter((v) => g.counts[v] > 0)
    .map((v) => {
      const w = (g.counts[v] / g.total) * 120;
      const r = `<rect class="v-${v}" x="${x.toFixed(1)}" y="0" width="${w.toFixed(1)}" height="10"><title>${esc(g.counts[v])} ${esc(VERDICT_LABEL[v])}</title></rect>`;
      x += w;
      return r;
    });
  return `<svg class="bar" viewBox="0 0 120 10" width="96" height="10" role="img" aria-label="${esc(order.map((v) => `${g.counts[v]} ${VERDICT_LABEL[v]}`).join(', '))}">${rects.join('')}</svg>`;
}

function groupRow(g: GroupReadiness, links: OverviewLinks): string {
  const name = linked(links.group(g.group), esc(g.group ?? NO_GROUP));
  const c = g.counts;
  return `<tr><td>${name}</td><td>${readinessBar(g)}</td><td class="num">${esc(g.total)}</td><td class="num v-ready">${esc(c.ready)}</td><td class="num v-caveats">${esc(c.caveats)}</td><td class="num v-not-ready">${esc(c['not-ready'])}</td><td class="num v-incomplete">${esc(c.incomplete)}</td></tr>`;
}

function groups(o: FleetOverview, links: OverviewLinks): string {
  const heading = `Readiness by ${esc(o.groupLabel)}`;
  if (o.groupCount <= 1 && o.groups[0]?.group === null) {
    return `<div class="card"><h2>${heading}</h2><p class="muted">No workload has a ${esc(o.groupLabel)}. Set <code>report.groupBy</code> in the config (namespace, prefix, or a label such as team, from <code>labels:</code>).</p></div>`;
  }
  const more = o.groupCount - o.groups.length;
  const all = more > 0 && links.allGroups ? `<p><a class="all" href="${esc(links.allGroups)}">all ${esc(o.groupCount)} →</a></p>` : '';
  return `<div class="card"><h2>${heading}</h2>
<table class="compact groups"><thead><tr><th>${esc(o.groupLabel)}</th><th></th><th>All</th><th>Ready</th><th>Caveats</th><th>Not ready</th><th>Incom&shy;plete</th></tr></thead>
<tbody>${o.groups.map((g) => groupRow(g, links)).join('')}</tbody></table>${all}</div>`;
}

const LEGEND = `<div class="legend"><span><i class="v-ready"></i>ready</span><span><i class="v-caveats"></i>caveats</span><span><i class="v-not-ready"></i>not ready</span><span><i class="v-incomplete"></i>incomplete</span></div>`;

function distribution(o: FleetOverview): string {
  return `<div class="card"><h2>Score distribution</h2>${distributionSvg(o.distribution)}${LEGEND}</div>`;
}

export function overviewHtml(o: FleetOverview, links: OverviewLinks): string {
  return `${summaryCards(o, links)}
<div class="split2">
${topChecks(o, links)}
<div class="stack">${groups(o, links)}${distribution(o)}</div>
</div>
<div class="card plan"><h2>Migration plan</h2><div class="waves">${o.waves.map((w) => waveColumn(w, links)).join('')}</div></div>`;
}

/** The groups alone (the dashboard's `/groups`). */
export function groupsHtml(o: FleetOverview, links: OverviewLinks): string {
  return groups(o, links);
}

/** Every failing check (the dashboard's `/checks`). */
export function checksHtml(o: FleetOverview, links: OverviewLinks): string {
  return topChecks(o, links);
}
