/**
 * JUnit XML for CI: one testsuite per workload, one testcase per check, named so a CI test
 * list reads `shop/checkout` › `health.healthLivenessMissing`. A failed check is
 * a <failure>; a check that could not be judged because its probe errored is an <error>;
 * any other unknown check is <skipped>. The shape is the one Jenkins, GitLab and GitHub
 * test reporters read (testsuites > testsuite > properties?, testcase*).
 */
import type { CheckResult, Report, WorkloadResult } from '../model';
import { escapeXml as text, escapeXmlAttr as attr } from './escape';
import { countChecks, isProbeError, orderChecks, probeSeconds, type CheckCounts } from './report-view';

function failureBody(c: CheckResult): string {
  const lines = [c.message, ...(c.locations ?? []).map((l) => `at ${l.file}:${l.line}`), ...c.evidence.map((e) => `evidence: ${e}`)];
  if (c.remediation) lines.push(`fix: ${c.remediation}`);
  if (c.patch) lines.push('proposed patch:', c.patch.replace(/\n$/, ''));
  return text(lines.join('\n'));
}

function outcome(c: CheckResult, w: WorkloadResult): string {
  if (c.status === 'fail') return `\n      <failure type="${attr(c.severity)}" message="${attr(c.message)}">${failureBody(c)}</failure>\n    `;
  if (isProbeError(c, w)) return `\n      <error type="probe-error" message="${attr(w.probes[c.probe]?.reason ?? c.message)}">${text(c.message)}</error>\n    `;
  if (c.status === 'unknown') return `\n      <skipped message="${attr(c.message)}"/>\n    `;
  return '';
}

function testcase(c: CheckResult, w: WorkloadResult): string {
  const body = outcome(c, w);
  // CI lists a case as "classname / name": the workload, then `probe.checkId`.
  const open = `<testcase name="${attr(`${c.probe}.${c.id}`)}" classname="${attr(w.name)}" time="0"`;
  return body ? `    ${open}>${body}</testcase>` : `    ${open}/>`;
}

function counts(n: CheckCounts): string {
  return `tests="${n.tests}" failures="${n.failures}" errors="${n.errors}" skipped="${n.skipped}"`;
}

function testsuite(w: WorkloadResult, index: number): string {
  const props = [
    ['verdict', w.verdict],
    ['score', w.score === null ? 'none' : String(w.score)],
    ['blockers', w.blockers.join(',')],
    ['sweepId', w.sweepId],
  ]
    .map(([k, v]) => `      <property name="${attr(k)}" value="${attr(v)}"/>`)
    .join('\n');
  return `  <testsuite name="${attr(w.name)}" id="${index}" ${counts(countChecks([w]))} time="${probeSeconds(w)}" timestamp="${attr(w.probedAt)}">
    <properties>
${props}
    </properties>
${orderChecks(w.checks).map((c) => testcase(c, w)).join('\n')}
  </testsuite>`;
}

export function renderJunit(report: Report): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="distroready" ${counts(countChecks(report.workloads))}>
${report.workloads.map(testsuite).join('\n')}
</testsuites>
`;
}
