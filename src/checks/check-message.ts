/**
 * A check's message, from its words (the catalog) and its outcome (the result): the pass or
 * fail template with the values the judge recorded, or why it could not be judged. One
 * function, so the report, the API and the judge's own "what is missing" read the same.
 */
import type { CheckOutcome, CheckText, ProbeResult } from '../model';

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.]+)\s*\}\}/g;

/** Fills `{{path}}` placeholders from values recorded by path; an absent one reads `—`. */
export function fillValues(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(PLACEHOLDER, (_m, p: string) => values[p] ?? '—');
}

/** Why a probe's checks could not be judged, in the words the report shows. */
export function notJudgedBecause(probe: Pick<ProbeResult, 'status' | 'reason'> | undefined): string | null {
  if (probe?.status === 'error') return `probe failed: ${probe.reason ?? 'unknown error'}`;
  if (probe?.status === 'skip') return `not probed: ${probe.reason ?? 'nothing to probe'}`;
  if (probe?.status === 'unknown') return `not judged: ${probe.reason ?? 'nothing was observed'}`;
  return null;
}

export function checkMessage(text: CheckText | undefined, c: CheckOutcome, probe: Pick<ProbeResult, 'status' | 'reason'> | undefined): string {
  const status = c.status === 'suppressed' ? (c.suppressed?.was ?? 'unknown') : c.status;
  const title = text?.title ?? c.id;
  let message: string;
  if (status === 'unknown') {
    message = c.missing?.length ? `${title}: could not be judged (not observed: ${c.missing.join(', ')})` : `${title}: ${notJudgedBecause(probe) ?? 'could not be judged'}`;
  } else {
    // A result kept from a check that no longer exists still says what it was.
    message = text ? fillValues(text[status], c.values ?? {}) : `${c.id}: ${status}`;
  }
  return c.status === 'suppressed' ? `${message} (suppressed: ${c.suppressed?.reason ?? 'no reason given'})` : message;
}
