/** The terminal report: verdict and score per workload, blockers and failures first. */
import type { CheckResult, Report } from '../model';

const ORDER = { critical: 0, important: 1, normal: 2, low: 3 } as const;

function line(c: CheckResult): string {
  const mark = c.status === 'pass' ? 'ok  ' : c.status === 'fail' ? 'FAIL' : '??  ';
  return `  ${mark} [${c.severity}] ${c.id}: ${c.message}`;
}

export function renderText(report: Report, options: { verbose?: boolean } = {}): string {
  const out: string[] = [];
  for (const w of report.workloads) {
    out.push(`${w.name}: ${w.verdict} (score ${w.score ?? '—'})${w.blockers.length ? ` — blocked by ${w.blockers.join(', ')}` : ''}`);
    for (const [probe, p] of Object.entries(w.probes)) {
      if (p.status === 'error' || p.status === 'skip') out.push(`  ${probe}: ${p.status} — ${p.reason ?? ''}`);
    }
    const shown = w.checks
      .filter((c) => options.verbose || c.status === 'fail')
      .sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
    for (const c of shown) {
      out.push(line(c));
      if (c.status === 'fail') {
        for (const e of c.evidence.slice(0, 3)) out.push(`         · ${e}`);
        out.push(`         → ${c.remediation}`);
      }
    }
  }
  const s = report.summary;
  out.push('', `${s.workloads} workload(s): ${s.ready} ready, ${s.caveats} with caveats, ${s.notReady} not ready`);
  return `${out.join('\n')}\n`;
}
