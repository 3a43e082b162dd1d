/**
 * Text and JSON output of `distroready lint`. Text lines are `file:line:col: severity:
 * message [checkId]`, the form editors and CI logs turn into links; each file's block
 * ends with how to fix what was found, proposed patches included.
 */
import type { Severity } from '../model';
import type { LintFinding, LintResult } from './lint-files';

const SEVERITIES: Severity[] = ['critical', 'important', 'normal', 'low'];

function where(f: LintFinding): string {
  return `${f.file}:${f.line}${f.column ? `:${f.column}` : ''}`;
}

function counts(findings: LintFinding[]): Record<Severity, number> {
  const out = { critical: 0, important: 0, normal: 0, low: 0 };
  for (const f of findings) out[f.severity]++;
  return out;
}

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((l) => `${by}${l}`)
    .join('\n');
}

export function formatLintText(result: LintResult): string {
  const out: string[] = [];
  const files = [...new Set(result.findings.map((f) => f.file))];
  for (const file of files) {
    for (const f of result.findings.filter((x) => x.file === file)) out.push(`${where(f)}: ${f.severity}: ${f.message} [${f.checkId}]`);
    // Remediation and patch once per check, after the lines that point at it.
    for (const { check } of result.failed.filter((x) => x.file === file)) {
      out.push(`  ${check.id}: ${check.remediation}`);
      if (check.patch) out.push('    proposed change:', indent(check.patch, '      '));
    }
    out.push('');
  }
  const c = counts(result.findings);
  const total = result.findings.length;
  const summary = SEVERITIES.map((s) => `${c[s]} ${s}`).join(', ');
  out.push(`${total} finding(s) in ${result.report.workloads.length} file(s): ${summary}${c.critical > 0 ? ' — critical findings block a distroless migration' : ''}`);
  return `${out.join('\n')}\n`;
}

export function formatLintJson(result: LintResult): string {
  const fixes = result.failed.map(({ file, check }) => ({
    file,
    checkId: check.id,
    severity: check.severity,
    remediation: check.remediation,
    ...(check.patch ? { patch: check.patch } : {}),
  }));
  const body = {
    version: 1,
    generatedAt: result.report.generatedAt,
    files: result.report.workloads.map((w) => w.name),
    summary: counts(result.findings),
    findings: result.findings,
    fixes,
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}
