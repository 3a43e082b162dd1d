/** The terminal report: verdict and score per workload, blockers and failures first. */
import type { CheckResult, Report } from '../model';

/**
 * Workload text (log lines, metric names) may carry ANSI escapes or other control bytes;
 * on a terminal they would recolour, move the cursor or rewrite the title. Show them instead.
 */
function terminalSafe(text: string): string {
  return text.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** The first lines of a proposed patch, indented under its check. */
function patchLines(patch: string): string[] {
  const lines = patch.replace(/\n$/, '').split('\n');
  const shown = lines.slice(0, 16).map((l) => `           ${terminalSafe(l)}`);
  if (lines.length > 16) shown.push(`           … ${lines.length - 16} more line(s) in the JSON or HTML report`);
  return ['         proposed patch:', ...shown];
}

const ORDER = { critical: 0, important: 1, normal: 2, low: 3 } as const;

function line(c: CheckResult): string {
  const mark = c.status === 'pass' ? 'ok  ' : c.status === 'fail' ? 'FAIL' : '??  ';
  return `  ${mark} [${c.severity}] ${c.id}: ${terminalSafe(c.message)}`;
}

export function renderText(report: Report, options: { verbose?: boolean } = {}): string {
  const out: string[] = [];
  for (const w of report.workloads) {
    out.push(`${terminalSafe(w.name)}: ${w.verdict} (score ${w.score ?? '—'})${w.blockers.length ? ` — blocked by ${w.blockers.join(', ')}` : ''}`);
    for (const [probe, p] of Object.entries(w.probes)) {
      if (p.status === 'error' || p.status === 'skip') out.push(`  ${probe}: ${p.status} — ${terminalSafe(p.reason ?? '')}`);
    }
    const shown = w.checks
      .filter((c) => options.verbose || c.status === 'fail')
      .sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
    for (const c of shown) {
      out.push(line(c));
      if (c.status === 'fail') {
        for (const e of c.evidence.slice(0, 3)) out.push(`         · ${terminalSafe(e)}`);
        out.push(`         → ${c.remediation}`);
        if (c.patch) out.push(...patchLines(c.patch));
      }
    }
  }
  const s = report.summary;
  out.push('', `${s.workloads} workload(s): ${s.ready} ready, ${s.caveats} with caveats, ${s.notReady} not ready, ${s.incomplete} incomplete`);
  return `${out.join('\n')}\n`;
}
