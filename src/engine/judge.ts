/**
 * The one judge: what the probes saw in, the workload's result out. `check`, `serve`, the
 * API and `lint` all come through here, so a verdict means the same everywhere. Pure.
 */
import type { Probe, ProbeId, Suppression } from '../../probes/types';
import type { CheckCatalog } from '../checks/load-checks';
import { evaluateGateChecks, evaluateProbeChecks, type CheckOverrides } from '../checks/evaluate-checks';
import type { ScoringConfig } from '../config/config-types';
import { checkMessage } from '../checks/check-message';
import type { CheckOutcome, CompactResult, MissingInput, ProbeResult } from '../model';
import { blockersOf, probeStatusFromChecks, scoreOf, verdictOf } from '../scoring';
import type { Reach } from '../targets/target';
import { targetFacts } from '../targets/target-facts';

export interface JudgeDeps {
  probes: readonly Probe[];
  checks: CheckCatalog;
  overrides: CheckOverrides;
  scoring: ScoringConfig;
}

/** A probe's result as the engine hands it over, with the suppressions its files asked for. */
export type ObservedProbe = ProbeResult & { suppressions?: Suppression[] };

export interface Observation {
  name: string;
  sweepId: string;
  reach: Reach;
  /** True for a `run` workload (distroready launched it). */
  launched: boolean;
  probes: Partial<Record<ProbeId, ObservedProbe>>;
  /** Checks the operator's config leaves out for this workload (`ignore:`). */
  ignore?: readonly string[];
  /**
   * Inputs the target itself knows are missing (a cluster container that runs its image's
   * ENTRYPOINT with no Dockerfile mapped): they weigh in the verdict like a probe's.
   */
  missing?: readonly MissingInput[];
  /** Carried into the result as they are: where the workload is defined, its labels. */
  definedAt?: CompactResult['definedAt'];
  labels?: CompactResult['labels'];
}

export function judge(o: Observation, deps: JudgeDeps): CompactResult {
  const checks: CheckOutcome[] = [];
  const probes: Partial<Record<ProbeId, ProbeResult>> = {};
  const gateFacts = targetFacts(o.reach, o.launched);
  for (const probe of deps.probes) {
    const observed = o.probes[probe.id];
    if (!observed) continue;
    const { suppressions, ...result } = observed;
    const mine = deps.checks.byProbe(probe.id);
    const outcomes = [...evaluateGateChecks(mine, gateFacts, deps.overrides), ...evaluateProbeChecks(mine, result, deps.overrides)];
    const judged = suppress(outcomes, suppressionsFor(o.ignore ?? [], suppressions ?? []));
    checks.push(...judged);
    const ran = result.status === 'pass';
    probes[probe.id] = { ...result, status: ran ? probeStatusFromChecks(judged) : result.status };
  }
  const score = scoreOf(checks, deps.scoring);
  const blockers = blockersOf(checks);
  const incomplete = [...missingInputs(o, deps, checks), ...(o.missing ?? [])];
  const unreached = o.reach.status === 'unreachable' || o.reach.status === 'not-started';
  const verdict = verdictOf({ score, blockers, unreached, missingInput: incomplete.length > 0 }, deps.scoring);
  if (verdict === 'incomplete' && incomplete.length === 0) {
    incomplete.push({ reason: 'no check could be evaluated', input: 'give the workload a url, a run command, a dockerfile or manifests' });
  }
  const about = { ...(o.definedAt ? { definedAt: o.definedAt } : {}), ...(o.labels ? { labels: o.labels } : {}) };
  return { name: o.name, score, verdict, blockers, reach: o.reach, incomplete, probes, checks, ...about, probedAt: new Date().toISOString(), sweepId: o.sweepId };
}

function suppressionsFor(ignore: readonly string[], fromFiles: readonly Suppression[]): Map<string, Suppression> {
  const byCheck = new Map<string, Suppression>();
  for (const s of fromFiles) if (!byCheck.has(s.check)) byCheck.set(s.check, s);
  for (const id of ignore) byCheck.set(id, { check: id, reason: 'listed under ignore: in the config', source: 'config' });
  return byCheck;
}

/**
 * A suppression turns a failed or unjudged check into `suppressed`, with its reason; a
 * check that passed stays passed (nothing was hidden). It names one check, never another.
 */
function suppress(outcomes: CheckOutcome[], byCheck: ReadonlyMap<string, Suppression>): CheckOutcome[] {
  if (byCheck.size === 0) return outcomes;
  return outcomes.map((c) => {
    const s = byCheck.get(c.id);
    if (!s || c.status === 'pass' || c.status === 'suppressed') return c;
    return { ...c, status: 'suppressed', suppressed: { reason: s.reason ?? 'no reason given', source: s.source, was: c.status } };
  });
}

/** What the verdict could not take into account: an unreached workload, and probes that can block but judged nothing. */
function missingInputs(o: Observation, deps: JudgeDeps, checks: readonly CheckOutcome[]): MissingInput[] {
  const out: MissingInput[] = [];
  if (o.reach.status === 'unreachable') {
    out.push({ reason: `the workload could not be reached: ${o.reach.detail}`, input: 'make its url reachable from where distroready runs (address, port, network policy), then probe again' });
  }
  const unseen = o.reach.status === 'unreachable' || o.reach.status === 'not-started';
  for (const probe of deps.probes) {
    const result = o.probes[probe.id];
    // A live probe of a workload that was not seen is explained by that, once.
    if (!result || (unseen && probe.needsLiveTarget)) continue;
    const critical = checks.filter((c) => c.probe === probe.id && c.severity === 'critical' && !c.gate);
    if (critical.length === 0 || critical.some((c) => c.status !== 'unknown')) continue;
    const first = critical[0]!;
    const why = result.reason ?? checkMessage(deps.checks.get(first.id)?.definition, first, result);
    out.push({ probe: probe.id, reason: why, input: probe.completeWith });
  }
  return out;
}
