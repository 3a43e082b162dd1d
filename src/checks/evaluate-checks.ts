/**
 * Judges one probe's facts with its checks. Pure: facts and definitions in, outcomes out.
 */
import type { Facts } from '../../probes/types';
import type { CheckResult, ProbeResult, Severity, SourceLocation } from '../model';
import type { CompiledCheck } from './load-checks';
import { fillTemplate, getPath, renderValue } from './fact-path';

const MAX_EVIDENCE = 20;
const MAX_EVIDENCE_CHARS = 500;

export interface CheckOverrides {
  [id: string]: { severity?: Severity; enabled?: boolean } | undefined;
}

function clip(text: string): string {
  return text.length > MAX_EVIDENCE_CHARS ? `${text.slice(0, MAX_EVIDENCE_CHARS)}… (${text.length} chars)` : text;
}

function collectEvidence(paths: string[], facts: Facts): string[] {
  const out: string[] = [];
  for (const p of paths) {
    const value = getPath(facts, p);
    const items = Array.isArray(value) ? value : value === null || value === undefined ? [] : [value];
    for (const item of items) {
      if (out.length >= MAX_EVIDENCE) return out;
      out.push(clip(typeof item === 'string' ? item : renderValue(item)));
    }
  }
  return out;
}

/** Outcome of one check over facts of a probe that ran. */
export function evaluateCheck(check: CompiledCheck, facts: Facts, severity: Severity): CheckResult {
  const def = check.definition;
  const base = { id: def.id, probe: def.probe, severity, remediation: def.remediation };
  const evidence = collectEvidence(def.evidence, facts);
  const missing = def.requires.filter((p) => {
    const v = getPath(facts, p);
    return v === null || v === undefined;
  });
  if (missing.length > 0) {
    return { ...base, status: 'unknown', message: `${def.title}: could not be judged (not observed: ${missing.join(', ')})`, evidence };
  }
  const passed = check.test(facts) === true;
  const result: CheckResult = {
    ...base,
    status: passed ? 'pass' : 'fail',
    message: fillTemplate(passed ? def.pass : def.fail, facts),
    evidence,
  };
  const patch = !passed && def.patch ? getPath(facts, def.patch) : undefined;
  if (typeof patch === 'string' && patch.length > 0) result.patch = patch;
  const locations = !passed && def.locations ? getPath(facts, def.locations) : undefined;
  if (Array.isArray(locations) && locations.length > 0) result.locations = locations as SourceLocation[];
  return result;
}

/** Every check of a probe is `unknown` when the probe errored or had nothing to probe. */
function unjudged(check: CompiledCheck, severity: Severity, why: string): CheckResult {
  const def = check.definition;
  return { id: def.id, probe: def.probe, status: 'unknown', severity, message: `${def.title}: ${why}`, evidence: [], remediation: def.remediation };
}

export function evaluateProbeChecks(
  checks: CompiledCheck[],
  probe: Pick<ProbeResult, 'status' | 'facts' | 'reason'>,
  overrides: CheckOverrides = {},
): CheckResult[] {
  const results: CheckResult[] = [];
  for (const check of checks) {
    const override = overrides[check.definition.id];
    if (override?.enabled === false) continue;
    const severity = override?.severity ?? check.definition.severity;
    if (probe.status === 'error') results.push(unjudged(check, severity, `probe failed: ${probe.reason ?? 'unknown error'}`));
    else if (probe.status === 'skip') results.push(unjudged(check, severity, `not probed: ${probe.reason ?? 'nothing to probe'}`));
    else results.push(evaluateCheck(check, probe.facts, severity));
  }
  return results;
}
