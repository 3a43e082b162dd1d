/**
 * Puts the words back into a kept result: each check's message (its pass or fail text
 * filled with the values the judge recorded, or why it could not be judged) and its
 * remediation, from the catalog. What comes out is the `WorkloadResult` of the JSON report
 * contract; renderers and the API call this per workload, as they render it.
 */
import { checkMessage } from '../checks/check-message';
import type { CheckOutcome, CheckResult, CheckText, CompactResult, ReportCatalog, WorkloadResult } from '../model';

const lookups = new WeakMap<ReportCatalog, Map<string, CheckText>>();

function textsOf(catalog: ReportCatalog): Map<string, CheckText> {
  let byId = lookups.get(catalog);
  if (!byId) {
    byId = new Map(catalog.checks.map((c) => [c.id, c]));
    lookups.set(catalog, byId);
  }
  return byId;
}

export function expandCheck(c: CheckOutcome, text: CheckText | undefined, probe: CompactResult['probes'][keyof CompactResult['probes']]): CheckResult {
  const { values, missing, suppressed, ...kept } = c;
  // A result stored with its words (by an older version) keeps the message it was judged with.
  const stored = c as Partial<CheckResult>;
  const judgedWithWords = stored.message !== undefined && values === undefined && missing === undefined;
  return {
    ...kept,
    message: judgedWithWords ? stored.message! : checkMessage(text, c, probe),
    remediation: text?.remediation ?? stored.remediation ?? '',
    ...(suppressed ? { suppressed: { reason: suppressed.reason, source: suppressed.source } } : {}),
  };
}

export function expandResult(r: CompactResult, catalog: ReportCatalog): WorkloadResult {
  const texts = textsOf(catalog);
  return { ...r, checks: r.checks.map((c) => expandCheck(c, texts.get(c.id), r.probes[c.probe])) };
}

/** The words of one check, for a renderer that has its id (e.g. a blocker). */
export function checkText(catalog: ReportCatalog, id: string): CheckText | undefined {
  return textsOf(catalog).get(id);
}
