/**
 * The Markdown readiness report, for a pull request or a wiki page (GitHub-flavoured:
 * tables, fenced code, `<details>` folds, `<a id>` anchors). The same outline as the HTML
 * report: overview, top failing checks, readiness per group, the waves, a table of
 * contents, then one section per workload, folded beyond the first few. Workload text goes
 * through `md` (or `esc` inside the HTML folds) and patches through `markdownFence`.
 */
import type { CheckResult, CheckStatus, Report, WorkloadResult } from '../model';
import { escapeHtml as esc, escapeMarkdown as md, markdownFence } from './escape';
import type { FleetOverview, WaveMember, WaveView } from './fleet-view';
import type { Grouping } from './grouping';
import { NO_GROUP } from './grouping';
import { reportOutline, SECTIONS_OPEN, WAVE_SHOWN, type ReportOutline } from './report-outline';
import { probeColumns, probeSections, VERDICT_LABEL, waveOf, type ProbeSection } from './report-view';
import type { FailedCheck } from './workload-summary';

export interface MarkdownOptions {
  grouping?: Grouping;
}

const MARK: Record<CheckStatus, string> = { pass: '✅', fail: '❌', unknown: '❔', suppressed: '🔇' };

function score(s: number | null): string {
  return s === null ? '—' : String(s);
}

function checkIds(checks: readonly FailedCheck[]): string {
  return checks.map((c) => (c.severity === 'critical' ? `**${md(c.id)}**` : md(c.id))).join(', ');
}

function anchor(id: string): string {
  return `<a id="${esc(id)}"></a>`;
}

function topChecks(o: FleetOverview): string[] {
  const head = [anchor('top-failing-checks'), '## Top failing checks', ''];
  if (o.topChecks.length === 0) return [...head, '_No check failed._', ''];
  const rows = o.topChecks.map((c) => `| ${md(c.id)} (${md(c.probe)}, ${md(c.severity)}) | ${c.blocking} | ${c.failing} | ${md(c.remediation)} |`);
  return [...head, '| Check | Blocks | Fails in | Fix |', '| --- | ---: | ---: | --- |', ...rows, ''];
}

function groups(o: FleetOverview): string[] {
  const head = [anchor('readiness'), `## Readiness by ${md(o.groupLabel)}`, ''];
  if (o.groupCount <= 1 && o.groups[0]?.group === null) return [...head, `_No workload has a ${md(o.groupLabel)}; set \`report.groupBy\` in the config._`, ''];
  const rows = o.groups.map((g) => `| ${md(g.group ?? NO_GROUP)} | ${g.total} | ${g.counts.ready} | ${g.counts.caveats} | ${g.counts['not-ready']} | ${g.counts.incomplete} |`);
  return [...head, `| ${md(o.groupLabel)} | All | Ready | Caveats | Not ready | Incomplete |`, '| --- | ---: | ---: | ---: | ---: | ---: |', ...rows, ''];
}

function memberRows(members: readonly WaveMember[], outline: ReportOutline): string[] {
  return members.map((m) => `| [${md(m.name)}](#${outline.anchors.get(m.name)}) | ${score(m.score)} | ${m.checks.length ? checkIds(m.checks) : md(m.reason ?? '—')} |`);
}

function waveTable(wave: WaveView, outline: ReportOutline): string[] {
  const head = [anchor(`wave-${wave.wave}`), `### ${md(wave.title)} (${wave.total})`, '', md(wave.advice), ''];
  if (wave.members.length === 0) return [...head, '_none_', ''];
  const header = [`| Workload | Score | ${wave.column} |`, '| --- | ---: | --- |'];
  const shown = [...header, ...memberRows(wave.members.slice(0, WAVE_SHOWN), outline), ''];
  const rest = wave.members.slice(WAVE_SHOWN);
  if (rest.length === 0) return [...head, ...shown];
  return [...head, ...shown, `<details><summary>${rest.length} more in this wave</summary>`, '', ...header, ...memberRows(rest, outline), '', '</details>', ''];
}

function contents(outline: ReportOutline, report: Report): string[] {
  const ids = probeColumns(report.catalog.probes);
  const rows = report.workloads.map((w, i) => {
    const r = outline.rows[i]!;
    const probes = ids.map((id) => md(w.probes[id]?.status ?? '—'));
    return `| [${md(w.name)}](#${outline.anchors.get(w.name)}) | ${md(r.group ?? '')} | ${md(VERDICT_LABEL[w.verdict])} | ${score(w.score)} | ${probes.join(' | ')} | ${w.blockers.map(md).join(', ') || '—'} |`;
  });
  return [
    anchor('workloads'),
    `## Workloads (${report.workloads.length})`,
    '',
    `| Workload | ${md(outline.grouping.label)} | Verdict | Score | ${ids.join(' | ')} | Blockers |`,
    `| --- | --- | --- | ---: | ${ids.map(() => '---').join(' | ')} | --- |`,
    ...rows,
    '',
  ];
}

function checkLines(c: CheckResult): string[] {
  const out = [`- ${MARK[c.status]} **${md(c.severity)}** ${md(c.id)}: ${md(c.message)}`];
  for (const l of c.locations ?? []) out.push(`  - at ${md(l.file)}:${l.line}${l.column ? `:${l.column}` : ''}`);
  for (const e of c.evidence) out.push(`  - evidence: ${md(e)}`);
  if (c.status === 'fail' && c.remediation) out.push(`  - **fix:** ${md(c.remediation)}`);
  if (c.status === 'fail' && c.patch) out.push('  - proposed patch:', '', ...markdownFence(c.patch, 'yaml').split('\n').map((l) => `    ${l}`), '');
  return out;
}

function probeLines(s: ProbeSection): string[] {
  const status = s.result?.status ?? 'not run';
  const out = [`#### ${md(s.title)} — ${md(status)}`, ''];
  if (s.result?.reason) out.push(`_${md(s.result.reason)}_`, '');
  const open = s.checks.filter((c) => c.status !== 'pass');
  const passed = s.checks.filter((c) => c.status === 'pass');
  for (const c of open) out.push(...checkLines(c));
  if (passed.length) out.push(`- ${MARK.pass} passed: ${passed.map((c) => md(c.id)).join(', ')}`);
  out.push('');
  return out;
}

function findings(w: WorkloadResult, probes: Report['catalog']['probes']): string[] {
  const out: string[] = [];
  if (w.blockers.length) out.push(`**Blocked by:** ${w.blockers.map(md).join(', ')}`, '');
  for (const m of w.incomplete) out.push(`**Not judged yet:** ${m.probe ? `${md(m.probe)}: ` : ''}${md(m.reason)} — ${md(m.input)}`, '');
  for (const s of probeSections(w, probes)) out.push(...probeLines(s));
  return out;
}

/** The first sections open; the rest fold, their summary line still naming the verdict. */
function workloadLines(w: WorkloadResult, i: number, outline: ReportOutline, probes: Report['catalog']['probes']): string[] {
  const title = `${w.name} — ${VERDICT_LABEL[w.verdict]}, score ${score(w.score)}, wave ${waveOf(w)}`;
  const id = anchor(outline.anchors.get(w.name)!);
  if (i < SECTIONS_OPEN) return [id, `### ${md(title)}`, '', ...findings(w, probes)];
  return [id, `<details><summary><strong>${esc(title)}</strong></summary>`, '', ...findings(w, probes), '</details>', ''];
}

export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const outline = reportOutline(report, options.grouping);
  const s = report.summary;
  const lines = [
    '# distroready — distroless readiness report',
    '',
    `Generated ${md(report.generatedAt)}. ${s.workloads} workload(s): **${s.ready} ready**, **${s.caveats} with caveats**, **${s.notReady} not ready**, **${s.incomplete} incomplete**.`,
    '',
    `Contents: [top failing checks](#top-failing-checks) · [readiness by ${md(outline.grouping.label)}](#readiness) · [migration plan](#migration-plan) · [workloads](#workloads) · [findings](#findings)`,
    '',
    ...topChecks(outline.overview),
    ...groups(outline.overview),
    anchor('migration-plan'),
    '## Migration plan',
    '',
    ...outline.overview.waves.flatMap((w) => waveTable(w, outline)),
    ...contents(outline, report),
    anchor('findings'),
    '## Findings',
    '',
    ...report.workloads.flatMap((w, i) => workloadLines(w, i, outline, report.catalog.probes)),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}
