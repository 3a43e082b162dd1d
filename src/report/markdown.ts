/**
 * The Markdown readiness report, for a pull request or a wiki page (GitHub-flavoured:
 * tables and fenced code). Workload text goes through `md` (entities for HTML, backslashes
 * for Markdown punctuation and pipes) and patches through `markdownFence`.
 */
import type { CheckResult, CheckStatus, Report, WorkloadResult } from '../model';
import { escapeMarkdown as md, markdownFence } from './escape';
import { migrationPlan, probeColumns, probeSections, VERDICT_LABEL, waveOf, type ProbeSection, type Wave } from './report-view';

const MARK: Record<CheckStatus, string> = { pass: '✅', fail: '❌', unknown: '❔', suppressed: '🔇' };

function score(s: number | null): string {
  return s === null ? '—' : String(s);
}

function checkIds(checks: readonly CheckResult[]): string {
  return checks.map((c) => (c.severity === 'critical' ? `**${md(c.id)}**` : md(c.id))).join(', ');
}

function waveTable(wave: Wave): string[] {
  const head = [`### ${md(wave.title)}`, '', md(wave.advice), ''];
  if (wave.workloads.length === 0) return [...head, '_none_', ''];
  const column = wave.column;
  const rows = wave.workloads.map((e) => `| ${md(e.name)} | ${score(e.score)} | ${e.checks.length ? checkIds(e.checks) : md(e.reason ?? '—')} |`);
  return [...head, `| Workload | Score | ${column} |`, '| --- | ---: | --- |', ...rows, ''];
}

function overview(report: Report): string[] {
  const ids = probeColumns(report.catalog.probes);
  const rows = report.workloads.map((w) => {
    const probes = ids.map((id) => md(w.probes[id]?.status ?? '—'));
    return `| ${md(w.name)} | ${md(VERDICT_LABEL[w.verdict])} | ${score(w.score)} | ${probes.join(' | ')} | ${w.blockers.map(md).join(', ') || '—'} |`;
  });
  return [`| Workload | Verdict | Score | ${ids.join(' | ')} | Blockers |`, `| --- | --- | ---: | ${ids.map(() => '---').join(' | ')} | --- |`, ...rows, ''];
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

function workloadLines(w: WorkloadResult, probes: Report['catalog']['probes']): string[] {
  const out = [`### ${md(w.name)} — ${md(VERDICT_LABEL[w.verdict])}, score ${score(w.score)}, wave ${waveOf(w)}`, ''];
  if (w.blockers.length) out.push(`**Blocked by:** ${w.blockers.map(md).join(', ')}`, '');
  for (const s of probeSections(w, probes)) out.push(...probeLines(s));
  return out;
}

export function renderMarkdown(report: Report): string {
  const s = report.summary;
  const lines = [
    '# distroready — distroless readiness report',
    '',
    `Generated ${md(report.generatedAt)}. ${s.workloads} workload(s): **${s.ready} ready**, **${s.caveats} with caveats**, **${s.notReady} not ready**, **${s.incomplete} incomplete**.`,
    '',
    '## Migration plan',
    '',
    ...migrationPlan(report).flatMap(waveTable),
    '## Workloads',
    '',
    ...overview(report),
    '## Findings',
    '',
    ...report.workloads.flatMap((w) => workloadLines(w, report.catalog.probes)),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}
