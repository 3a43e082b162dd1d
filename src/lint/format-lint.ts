/**
 * Text and JSON output of `distroready lint`. Text lines are `file:line:col: severity:
 * message [checkId]`, the form editors and CI logs turn into links; each file's block
 * ends with how to fix what was found: the remediation once per check, Dockerfile lines to
 * use instead, and one patch per Kubernetes object, printed as YAML that stays valid when
 * copied (uniformly indented, one document each).
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
    .trimEnd()
    .split('\n')
    .map((l) => `${by}${l}`)
    .join('\n');
}

function fileBlock(result: LintResult, index: number): string[] {
  const w = result.report.workloads[index]!;
  const facts = result.facts[index]!;
  const out: string[] = [];
  for (const f of result.findings.filter((x) => x.file === w.name)) out.push(`${where(f)}: ${f.severity}: ${f.message} [${f.checkId}]`);
  for (const c of w.checks.filter((x) => x.status === 'suppressed')) {
    const why = c.suppressed ? `${c.suppressed.reason} (${c.suppressed.source})` : c.message;
    out.push(`${w.name}: suppressed: ${why} [${c.id}]`);
  }
  if (w.checks.length === 0) out.push(`${w.name}: nothing to judge: no pod template, Dockerfile stage or Compose service in it`);
  const dockerfile = facts.inputs.dockerfile !== null;
  for (const { check } of result.failed.filter((x) => x.file === w.name)) {
    out.push(`  ${check.id}: ${check.remediation}`);
    // Findings of the same check that a suppression removed elsewhere: counted here, not hidden.
    const at = check.evidence.findIndex((e) => /^\d+ suppressed, not counted:$/.test(e));
    if (at >= 0) out.push(`    ${check.evidence[at]}`, ...check.evidence.slice(at + 1).map((e) => `      ${e}`));
    // Dockerfile checks carry the lines to use instead; manifest patches come once per object below.
    if (dockerfile && check.patch) out.push('    use instead:', indent(check.patch, '      '));
  }
  for (const p of facts.patches) {
    out.push(`  patch for ${p.object} (fixes ${p.checks.join(', ')}):`, indent(p.patch, '    '));
  }
  return out;
}

export function formatLintText(result: LintResult): string {
  const out: string[] = [];
  result.report.workloads.forEach((_w, i) => {
    const block = fileBlock(result, i);
    if (block.length > 0) out.push(...block, '');
  });
  const c = counts(result.findings);
  const total = result.findings.length;
  const suppressed = result.report.workloads.flatMap((w) => w.checks).filter((x) => x.status === 'suppressed').length;
  const summary = SEVERITIES.map((s) => `${c[s]} ${s}`).join(', ');
  const quiet = suppressed > 0 ? `; ${suppressed} check(s) suppressed` : '';
  out.push(`${total} finding(s) in ${result.report.workloads.length} file(s): ${summary}${quiet}${c.critical > 0 ? ' — critical findings block a distroless migration' : ''}`);
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
    patches: result.facts.flatMap((f) => f.patches),
    suppressed: result.report.workloads.flatMap((w) => w.checks.filter((c) => c.status === 'suppressed').map((c) => ({ file: w.name, checkId: c.id, message: c.message }))),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}
