/**
 * Suppressions written next to what they suppress. Three spellings, one meaning (the
 * named checks' findings at that place are reported as suppressed, never as passed, and
 * no other check is touched):
 * - Kubernetes: the annotation `distroready.io/ignore: checkA,checkB` (and an optional
 *   `distroready.io/ignore-reason`) on the object or on its pod template;
 * - Dockerfile: a comment `# distroready ignore=checkA,checkB reason…` on the line(s)
 *   right above the instruction;
 * - Compose: `x-distroready-ignore: checkA,checkB` (and `x-distroready-ignore-reason`) on
 *   a service.
 */

export interface Directive {
  checks: readonly string[];
  reason: string | null;
  /** Where it is written: `Dockerfile:12`, `shop/Deployment/web annotation`, `compose.yaml service web`. */
  source: string;
}

/** One suppressed finding, in the form the judge takes. */
export interface Suppression {
  check: string;
  reason: string | null;
  source: string;
}

export const IGNORE_ANNOTATION = 'distroready.io/ignore';
export const REASON_ANNOTATION = 'distroready.io/ignore-reason';
export const COMPOSE_IGNORE = 'x-distroready-ignore';
export const COMPOSE_REASON = 'x-distroready-ignore-reason';

/** `checkA, checkB` or a YAML list → ids. */
export function checkList(value: unknown): string[] {
  const items = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(',') : [];
  return items.map((s) => s.trim()).filter((s) => /^[a-z][A-Za-z0-9]*$/.test(s)).slice(0, 50);
}

/** `distroready ignore=a,b the reason` in a comment line → a directive; anything else → null. */
export function commentDirective(comment: string, source: string): Directive | null {
  const m = /^\s*distroready\s+ignore=(\S+)\s*(.*)$/.exec(comment);
  if (!m) return null;
  const checks = checkList(m[1]);
  return checks.length > 0 ? { checks, reason: m[2]!.trim() || null, source } : null;
}

/** The directive of an annotation map (object or pod template metadata), if any. */
export function annotationDirective(annotations: unknown, source: string): Directive | null {
  if (!annotations || typeof annotations !== 'object') return null;
  const a = annotations as Record<string, unknown>;
  const checks = checkList(a[IGNORE_ANNOTATION]);
  if (checks.length === 0) return null;
  const reason = typeof a[REASON_ANNOTATION] === 'string' ? (a[REASON_ANNOTATION] as string).slice(0, 300) : null;
  return { checks, reason, source };
}

/** The directive that suppresses `check` among those in force, if one does. */
export function suppressedBy(directives: readonly Directive[] | undefined, check: string): Directive | null {
  return directives?.find((d) => d.checks.includes(check)) ?? null;
}
