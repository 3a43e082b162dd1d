/**
 * The words renderers need, built once from the loaded checks and the probes that ran:
 * reports get them from here instead of each result carrying them, and the report code
 * never loads checks or the probe registry itself.
 */
import type { Probe } from '../../probes/types';
import type { ReportCatalog } from '../model';
import type { CheckCatalog } from './load-checks';

export function reportCatalog(checks: CheckCatalog, probes: readonly Pick<Probe, 'id' | 'title'>[]): ReportCatalog {
  return {
    probes: probes.map((p) => ({ id: p.id, title: p.title })),
    checks: checks.all.map(({ definition: d }) => ({ id: d.id, probe: d.probe, severity: d.severity, title: d.title, pass: d.pass, fail: d.fail, remediation: d.remediation })),
  };
}
