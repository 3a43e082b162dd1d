/**
 * One workload's dashboard page (`/workloads/{name}`): its verdict and what is in the way,
 * its score history as a chart on the fixed 0–100 axis with the verdict thresholds drawn,
 * the recent sweeps as a table, then every finding with evidence, fix and patch.
 */
import type { ReportCatalog, Verdict, WorkloadResult } from '../model';
import type { HistoryEntry } from '../store/result-store';
import { escapeHtml as esc } from './escape';
import { DASHBOARD_NAV } from './html-dashboard';
import { htmlPage } from './html-page';
import { probeFindings, probePills, verdictBadge, workloadAlerts, workloadHead } from './html-workload';
import { trendPoints, VERDICT_LABEL, type TrendPoint } from './report-view';
import { trendChart, type Thresholds } from './svg';

/** Sweeps listed in the history table; the chart shows every sweep it was given. */
export const HISTORY_ROWS = 20;

export interface WorkloadPageInput {
  result: WorkloadResult;
  /** Newest first, as the store returns it. */
  history: readonly HistoryEntry[];
  group: { label: string; value: string | null };
  thresholds: Thresholds;
  probes: ReportCatalog['probes'];
  links: { json: string; history: string; list: string; group: string | null };
}

interface HistoryRow extends HistoryEntry {
  change: number | null;
}

/** Each change of state with its score change from the one before it (history is newest first). */
export function historyRows(history: readonly HistoryEntry[]): HistoryRow[] {
  return history.map((h, i) => {
    const before = history[i + 1];
    const change = before && before.score !== null && h.score !== null ? h.score - before.score : null;
    return { ...h, change };
  });
}

function changeCell(change: number | null): string {
  if (change === null) return '<span class="muted">—</span>';
  if (change === 0) return '<span class="muted">±0</span>';
  return `<span class="delta ${change > 0 ? 'up' : 'down'}">${change > 0 ? '+' : '−'}${esc(Math.abs(change))}</span>`;
}

/** Checks shown per history row before the rest are counted: a first entry lists every check. */
const CHANGES_SHOWN = 4;

/** The checks whose status changed at this entry, as `id → status`. */
function changedChecks(h: HistoryEntry): string {
  if (h.changes.length === 0) return '<span class="muted">—</span>';
  const shown = h.changes.slice(0, CHANGES_SHOWN).map((c) => `<code class="chip s-${esc(c.status)}">${esc(c.check)} → ${esc(c.status)}</code>`);
  const rest = h.changes.length - shown.length;
  return `${shown.join(' ')}${rest > 0 ? ` <span class="muted">and ${esc(rest)} more</span>` : ''}`;
}

function historyTable(rows: readonly HistoryRow[], total: number, probes: ReportCatalog['probes']): string {
  if (rows.length === 0) return '<p class="muted">No history yet.</p>';
  const body = rows
    .slice(0, HISTORY_ROWS)
    .map((h) => `<tr><td class="mono">${esc(h.probedAt)}</td><td class="mono">${esc(h.sweepId)}</td><td class="num">${h.score === null ? '—' : esc(h.score)}</td><td class="num">${changeCell(h.change)}</td><td>${verdictBadge({ verdict: h.verdict as Verdict })}</td><td>${probePills(Object.fromEntries(Object.entries(h.probes).map(([k, status]) => [k, { status }])), probes)}</td><td>${changedChecks(h)}</td></tr>`)
    .join('\n');
  const more = total > HISTORY_ROWS ? `<p class="muted">The last ${HISTORY_ROWS} of ${esc(total)} changes shown; the chart has them all, the history API every one kept.</p>` : '';
  return `<table class="compact"><thead><tr><th>Probed at</th><th>Sweep</th><th>Score</th><th>Change</th><th>Verdict</th><th>Probes</th><th>Checks that changed</th></tr></thead><tbody>
${body}
</tbody></table>${more}`;
}

/**
 * History keeps an entry per change of state, so a steady workload has one; the latest
 * sweep is drawn after them when it changed nothing, so the line reaches the present.
 */
export function chartPoints(w: WorkloadResult, history: readonly HistoryEntry[]): TrendPoint[] {
  const points = trendPoints(history);
  const newest = history[0];
  if (newest && newest.sweepId !== w.sweepId && w.probedAt > newest.probedAt) points.push({ probedAt: w.probedAt, score: w.score, verdict: w.verdict });
  return points;
}

export function renderWorkloadPage(p: WorkloadPageInput): string {
  const w = p.result;
  const links = [
    `<a href="${esc(p.links.list)}">← all workloads</a>`,
    p.links.group && p.group.value ? `<a href="${esc(p.links.group)}">${esc(p.group.label)} ${esc(p.group.value)}</a>` : '',
    `<a href="${esc(p.links.json)}">JSON</a>`,
    `<a href="${esc(p.links.history)}">history JSON</a>`,
  ].filter(Boolean);
  const t = p.thresholds;
  const body = `<p class="crumbs">${links.join(' · ')}</p>
<div class="card workload-page"><h2 class="wl-title">${workloadHead(w, p.group)}</h2>
<p class="muted">${esc(VERDICT_LABEL[w.verdict])}: ready at a score of ${esc(t.readyScore)} or more with no blocker, not ready below ${esc(t.notReadyBelow)} or with any blocker. ${esc(w.reach.detail)}.</p>
${workloadAlerts(w)}
</div>
<div class="card"><h2>Score history</h2>${trendChart(chartPoints(w, p.history), t)}
${historyTable(historyRows(p.history), p.history.length, p.probes)}</div>
<div class="card"><h2>Findings</h2>${probeFindings(w, p.probes)}</div>`;
  return htmlPage({ title: `${w.name} — distroready`, subtitle: 'live dashboard · reload for the latest sweep', generatedAt: w.probedAt, nav: DASHBOARD_NAV, home: '/' }, body);
}
