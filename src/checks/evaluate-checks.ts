/**
 * Judges one probe's facts with its checks. Pure: facts and definitions in, outcomes out.
 */
import type { Facts } from '../../probes/types';
import type { CheckResult, ProbeResult, Severity, SourceLocation } from '../model';
import type { CompiledCheck } from './load-checks';
import { fillTemplate, getPath, renderValue } from './fact-path';

/** Evidence items kept per check; the rest are counted in a last line, never dropped silently. */
export const MAX_EVIDENCE = 20;
const MAX_EVIDENCE_CHARS = 500;

export interface CheckOverrides {
  [id: string]: { severity?: Severity; enabled?: boolean } | undefined;
}

function clip(text: string): string {
  return text.length > MAX_EVIDENCE_CHARS ? `${text.slice(0, MAX_EVIDENCE_CHARS)}… (${text.length} chars)` : text;
}

function collectEvidence(paths: string[], facts: Facts): string[] {
  const items = paths.flatMap((p) => {
    const value = getPath(facts, p);
    return Array.isArray(value) ? value : value === null || value === undefined ? [] : [value];
  });
  const shown = items.slice(0, MAX_EVIDENCE).map((item) => clip(typeof item === 'string' ? item : renderValue(item)));
  if (items.length > MAX_EVIDENCE) shown.push(`… and ${items.length - MAX_EVIDENCE} more`);
  return shown;
}

/** Outcome of one check over facts of a probe that ran (or, for a gate, over the target's facts). */
export function evaluateCheck(check: CompiledCheck, facts: Facts, severity: Severity): CheckResult {
  const def = check.definition;
  const base = { id: def.id, probe: def.probe, severity, remediation: def.remediation, ...(def.gate ? { gate: true as const } : {}) };
  const evidence = collectEvidence(def.evidence, facts);
  const missing = def.requires.filter((p) => {
    const v = getPath(facts, p);
    return v === null || v === undefined;
  });
  if (missing.length > 0) {
    return { ...base, status: 'unknown', message: `${def.title}: could not be judged (not observed: ${missing.join(', ')})`, evidence };
  }
  const passed = check.test(facts) === true;
  const view = { ...facts, params: check.params };
  const result: CheckResult = {
    ...base,
    status: passed ? 'pass' : 'fail',
    message: fillTemplate(passed ? def.pass : def.fail, view),
    evidence,
  };
  const patch = !passed && def.patch ? getPath(facts, def.patch) : undefined;
  if (typeof patch === 'string' && patch.length > 0) result.patch = patch;
  const locations = !passed && def.locations ? getPath(facts, def.locations) : undefined;
  if (Array.isArray(locations) && locations.length > 0) result.locations = locations as SourceLocation[];
  return result;
}

/** A check that could not be judged at all: its probe errored, had nothing to probe, or never saw the workload. */
export function unjudged(check: CompiledCheck, severity: Severity, why: string): CheckResult {
  const def = check.definition;
  return {
    id: def.id,
    probe: def.probe,
    status: 'unknown',
    severity,
    message: `${def.title}: ${why}`,
    evidence: [],
    remediation: def.remediation,
    ...(def.gate ? { gate: true as const } : {}),
  };
}

/** Why a probe's checks could not be judged, in the words the report shows. */
function notJudgedBecause(probe: Pick<ProbeResult, 'status' | 'reason'>): string | null {
  if (probe.status === 'error') return `probe failed: ${probe.reason ?? 'unknown error'}`;
  if (probe.status === 'skip') return `not probed: ${probe.reason ?? 'nothing to probe'}`;
  if (probe.status === 'unknown') return `not judged: ${probe.reason ?? 'nothing was observed'}`;
  return null;
}

/**
 * The outcomes of a probe's own checks (not its gates, which judge the target). A probe
 * that errored, was skipped or never saw the workload leaves every one `unknown`.
 */
export function evaluateProbeChecks(
  checks: CompiledCheck[],
  probe: Pick<ProbeResult, 'status' | 'facts' | 'reason'>,
  overrides: CheckOverrides = {},
): CheckResult[] {
  const why = notJudgedBecause(probe);
  const results: CheckResult[] = [];
  for (const check of checks) {
    if (check.definition.gate) continue;
    const override = overrides[check.definition.id];
    if (override?.enabled === false) continue;
    const severity = override?.severity ?? check.definition.severity;
    results.push(why ? unjudged(check, severity, why) : evaluateCheck(check, probe.facts, severity));
  }
  return results;
}

/** The outcomes of a probe's gate checks over the target's facts. */
export function evaluateGateChecks(checks: CompiledCheck[], targetFacts: Facts, overrides: CheckOverrides = {}): CheckResult[] {
  return checks
    .filter((c) => c.definition.gate && overrides[c.definition.id]?.enabled !== false)
    .map((c) => evaluateCheck(c, targetFacts, overrides[c.definition.id]?.severity ?? c.definition.severity));
}
