/**
 * Inline SVG charts for the HTML report and dashboard: no script, no external asset, so a
 * saved report and a JavaScript-less browser show the same picture. Colours come from the
 * page's stylesheet (classes `v-ready`, `v-caveats`, `v-not-ready`).
 */
import type { Verdict } from '../model';
import { escapeHtml as esc } from './escape';
import { VERDICT_LABEL, type ScoreBucket, type TrendPoint } from './report-view';

const STACK: readonly Verdict[] = ['not-ready', 'incomplete', 'caveats', 'ready'];

/** A stacked bar per score bucket, one colour per verdict. */
export function distributionSvg(buckets: readonly ScoreBucket[]): string {
  // Drawn near the size it is shown at, so its 11px labels stay legible.
  const width = 360;
  const height = 170;
  const top = 18;
  const bottom = 28;
  const plot = height - top - bottom;
  const slot = width / buckets.length;
  const bar = Math.floor(slot * 0.7);
  const totals = buckets.map((b) => STACK.reduce((sum, v) => sum + b.counts[v], 0));
  const max = Math.max(1, ...totals);
  const parts: string[] = [];
  buckets.forEach((b, i) => {
    const x = Math.round(i * slot + (slot - bar) / 2);
    let y = top + plot;
    for (const verdict of STACK) {
      const n = b.counts[verdict];
      if (n === 0) continue;
      const h = Math.max(2, Math.round((n / max) * plot));
      y -= h;
      parts.push(`<rect class="v-${verdict}" x="${x}" y="${y}" width="${bar}" height="${h}" rx="2"><title>${esc(b.label)}: ${n} ${esc(VERDICT_LABEL[verdict])}</title></rect>`);
    }
    if (totals[i]! > 0) parts.push(`<text class="count" x="${x + bar / 2}" y="${y - 4}" text-anchor="middle">${totals[i]}</text>`);
    parts.push(`<text class="axis" x="${x + bar / 2}" y="${height - 10}" text-anchor="middle">${esc(b.axis)}</text>`);
  });
  const baseline = `<line class="baseline" x1="0" x2="${width}" y1="${top + plot + 0.5}" y2="${top + plot + 0.5}"/>`;
  return `<svg class="distribution" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="Workloads per score bucket, coloured by verdict">${baseline}${parts.join('')}</svg>`;
}

/** The verdict thresholds a score is read against (config `scoring.readyScore`, `scoring.notReadyBelow`). */
export interface Thresholds {
  readyScore: number;
  notReadyBelow: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { readyScore: 90, notReadyBelow: 50 };

type Scored = TrendPoint & { i: number; score: number };

function scoredPoints(points: readonly TrendPoint[]): Scored[] {
  return points.map((p, i) => ({ ...p, i })).filter((p): p is Scored => p.score !== null);
}

/** Runs of consecutive scored sweeps: a sweep without a score breaks the line instead of bridging it. */
function runs(scored: readonly Scored[]): Scored[][] {
  const out: Scored[][] = [];
  for (const p of scored) {
    const last = out[out.length - 1];
    if (last && last[last.length - 1]!.i === p.i - 1) last.push(p);
    else out.push([p]);
  }
  return out;
}

/** Bands behind a trend: the ready zone, the caveats zone, the not-ready zone, always 0–100. */
function bands(x: number, width: number, y: (score: number) => number, t: Thresholds): string {
  const band = (cls: string, from: number, to: number): string =>
    to > from ? `<rect class="band ${cls}" x="${x}" y="${y(to).toFixed(1)}" width="${width}" height="${(y(from) - y(to)).toFixed(1)}"/>` : '';
  return band('b-ready', t.readyScore, 100) + band('b-caveats', t.notReadyBelow, t.readyScore) + band('b-not-ready', 0, t.notReadyBelow);
}

/**
 * A sparkline of a workload's score over its recent sweeps, on the fixed 0–100 axis with
 * the verdict zones behind it, so a flat 99 and a flat 37 never look alike.
 */
export function trendSvg(points: readonly TrendPoint[], t: Thresholds = DEFAULT_THRESHOLDS): string {
  const width = 96;
  const height = 30;
  const scored = scoredPoints(points);
  if (scored.length === 0) return '<span class="muted">no score yet</span>';
  const step = points.length > 1 ? (width - 6) / (points.length - 1) : 0;
  const y = (score: number): number => 2 + (1 - score / 100) * (height - 4);
  const xy = (p: Scored): string => `${(3 + p.i * step).toFixed(1)},${y(p.score).toFixed(1)}`;
  const lines = runs(scored).filter((r) => r.length > 1).map((r) => `<polyline points="${r.map(xy).join(' ')}"/>`);
  const last = scored[scored.length - 1]!;
  const label = `score over the last ${points.length} sweep(s): ${scored[0]!.score} → ${last.score}`;
  const [cx, cy] = xy(last).split(',');
  return `<svg class="trend" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${esc(label)}"><title>${esc(label)}</title>${bands(0, width, y, t)}${lines.join('')}<circle cx="${cx}" cy="${cy}" r="2.5"/></svg>`;
}

function shortTime(iso: string): string {
  return iso.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');
}

/**
 * A workload's score history as a chart: y is always 0–100 with gridlines, the ready and
 * not-ready thresholds are drawn and labelled, each sweep is a point coloured by its
 * verdict (hover: time, score, verdict); a sweep with no score is a gap marked on the axis.
 */
export function trendChart(points: readonly TrendPoint[], t: Thresholds = DEFAULT_THRESHOLDS): string {
  const width = 720;
  const height = 240;
  const left = 36;
  const right = 118;
  const top = 12;
  const bottom = 34;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const y = (score: number): number => top + (1 - score / 100) * plotH;
  const step = points.length > 1 ? plotW / (points.length - 1) : 0;
  const x = (i: number): number => left + (points.length > 1 ? i * step : plotW / 2);
  const grid = [0, 25, 50, 75, 100]
    .map((s) => `<line class="grid" x1="${left}" x2="${left + plotW}" y1="${y(s)}" y2="${y(s)}"/><text class="axis" x="${left - 6}" y="${y(s) + 4}" text-anchor="end">${s}</text>`)
    .join('');
  const threshold = (cls: string, score: number, label: string): string =>
    `<line class="threshold ${cls}" x1="${left}" x2="${left + plotW}" y1="${y(score)}" y2="${y(score)}"/><text class="threshold-label ${cls}" x="${left + plotW + 6}" y="${y(score) + 4}">${esc(label)}</text>`;
  const scored = scoredPoints(points);
  const lines = runs(scored)
    .filter((r) => r.length > 1)
    .map((r) => `<polyline points="${r.map((p) => `${x(p.i).toFixed(1)},${y(p.score).toFixed(1)}`).join(' ')}"/>`);
  const dots = points.map((p, i) => {
    const tip = `${shortTime(p.probedAt)}: ${p.score === null ? 'no score' : `score ${p.score}`}${p.verdict ? ` (${VERDICT_LABEL[p.verdict]})` : ''}`;
    if (p.score === null) return `<text class="gap" x="${x(i).toFixed(1)}" y="${top + plotH - 2}" text-anchor="middle">×<title>${esc(tip)}</title></text>`;
    return `<circle class="v-${esc(p.verdict ?? 'none')}" cx="${x(i).toFixed(1)}" cy="${y(p.score).toFixed(1)}" r="3.5"><title>${esc(tip)}</title></circle>`;
  });
  const first = points[0];
  const last = points[points.length - 1];
  const times = first && last
    ? `<text class="axis" x="${left}" y="${height - 10}">${esc(shortTime(first.probedAt))}</text>${points.length > 1 ? `<text class="axis" x="${left + plotW}" y="${height - 10}" text-anchor="end">${esc(shortTime(last.probedAt))}</text>` : ''}`
    : '';
  const label = `score over ${points.length} sweep(s) on a 0–100 axis; ready at ${t.readyScore} and above, not ready below ${t.notReadyBelow}`;
  return `<svg class="trend-chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${esc(label)}"><title>${esc(label)}</title>${bands(left, plotW, y, t)}${grid}${threshold('t-ready', t.readyScore, `ready ≥ ${t.readyScore}`)}${threshold('t-not-ready', t.notReadyBelow, `not ready < ${t.notReadyBelow}`)}${lines.join('')}${dots.join('')}${times}</svg>`;
}
