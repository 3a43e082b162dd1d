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

/** A sparkline of a workload's score over its recent sweeps (0 at the bottom, 100 at the top). */
export function trendSvg(points: readonly TrendPoint[]): string {
  const width = 120;
  const height = 30;
  const scored = points.map((p, i) => ({ ...p, i })).filter((p): p is TrendPoint & { i: number; score: number } => p.score !== null);
  if (scored.length === 0) return '<span class="muted">no history yet</span>';
  const step = points.length > 1 ? (width - 6) / (points.length - 1) : 0;
  const xy = scored.map((p) => `${(3 + p.i * step).toFixed(1)},${(3 + (1 - p.score / 100) * (height - 6)).toFixed(1)}`);
  const last = xy[xy.length - 1]!.split(',');
  const first = scored[0]!;
  const latest = scored[scored.length - 1]!;
  const label = `score over the last ${points.length} sweep(s): ${first.score} → ${latest.score}`;
  const line = xy.length > 1 ? `<polyline points="${xy.join(' ')}"/>` : '';
  const svg = `<svg class="trend" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${esc(label)}"><title>${esc(label)}</title><line class="mid" x1="0" x2="${width}" y1="${height / 2}" y2="${height / 2}"/>${line}<circle cx="${last[0]}" cy="${last[1]}" r="2.5"/></svg>`;
  return `${svg}<span class="trend-note muted">${points.length} sweep${points.length === 1 ? '' : 's'}</span>`;
}
