/**
 * Judges one probe's facts with its checks. Pure: facts and definitions in, outcomes out.
 * An outcome records the values its message names, not the message: the words are the
 * check's, rendered when a report or the API asks (check-message.ts).
 */
import type { Facts } from '../../probes/types';
import type { CheckOutcome, ProbeResult, Severity, SourceLocation } from '../model';
import { notJudgedBecause } from './check-message';
import { getPath, renderValue } from './fact-path';
import type { CompiledCheck } from './load-checks';
import { templatePaths } from './schema-paths';

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

/** The placeholders of each message template, found once. */
const placeholders = new Map<string, string[]>();

/** The rendered value of each placeholder: `params.x` from the check's parameters, anything else from the facts. */
function valuesFor(template: string, facts: Facts, params: CompiledCheck['params']): Record<string, string> | undefined {
  let paths = placeholders.get(template);
  if (!paths) {
    paths = templatePaths(template);
    placeholders.set(template, paths);
  }
  if (paths.length === 0) return undefined;
  const values: Record<string, string> = {};
  for (const p of paths) values[p] = renderValue(p.startsWith('params.') ? params[p.slice(7)] : getPath(facts, p));
  return values;
}

/** Outcome of one check over facts of a probe that ran (or, for a gate, over the target's facts). */
export function evaluateCheck(check: CompiledCheck, facts: Facts, severity: Severity): CheckOutcome {
  const def = check.definition;
  const base = { id: def.id, probe: def.probe, severity, ...(def.gate ? { gate: true as const } : {}) };
  const evidence = collectEvidence(def.evidence, facts);
  const missing = def.requires.filter((p) => {
    const v = getPath(facts, p);
    return v === null || v === undefined;
  });
  if (missing.length > 0) return { ...base, status: 'unknown', evidence, missing };
  const passed = check.test(facts) === true;
  const values = valuesFor(passed ? def.pass : def.fail, facts, check.params);
  const result: CheckOutcome = { ...base, status: passed ? 'pass' : 'fail', evidence, ...(values ? { values } : {}) };
  const patch = !passed && def.patch ? getPath(facts, def.patch) : undefined;
  if (typeof patch === 'string' && patch.length > 0) result.patch = patch;
  const locations = !passed && def.locations ? getPath(facts, def.locations) : undefined;
  if (Array.isArray(locations) && locations.length > 0) result.locations = locations as SourceLocation[];
  return result;
}

/** A check that could not be judged at all: its probe errored, had nothing to probe, or never saw the workload (the probe's result says which). */
export function unjudged(check: CompiledCheck, severity: Severity): CheckOutcome {
  const def = check.definition;
  return { id: def.id, probe: def.probe, status: 'unknown', severity, evidence: [], ...(def.gate ? { gate: true as const } : {}) };
}

/**
 * The outcomes of a probe's own checks (not its gates, which judge the target). A probe
 * that errored, was skipped or never saw the workload leaves every one `unknown`.
 */
export function evaluateProbeChecks(
  checks: CompiledCheck[],
  probe: Pick<ProbeResult, 'status' | 'facts' | 'reason'>,
  overrides: CheckOverrides = {},
): CheckOutcome[] {
  const unseen = notJudgedBecause(probe) !== null;
  const results: CheckOutcome[] = [];
  for (const check of checks) {
    if (check.definition.gate) continue;
    const override = overrides[check.definition.id];
    if (override?.enabled === false) continue;
    const severity = override?.severity ?? check.definition.severity;
    results.push(unseen ? unjudged(check, severity) : evaluateCheck(check, probe.facts, severity));
  }
  return results;
}

/** The outcomes of a probe's gate checks over the target's facts. */
export function evaluateGateChecks(checks: CompiledCheck[], targetFacts: Facts, overrides: CheckOverrides = {}): CheckOutcome[] {
  return checks
    .filter((c) => c.definition.gate && overrides[c.definition.id]?.enabled !== false)
    .map((c) => evaluateCheck(c, targetFacts, overrides[c.definition.id]?.severity ?? c.definition.severity));
}
