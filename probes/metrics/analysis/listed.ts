/**
 * Evidence lists as the report shows them: at most `LISTED` lines, the last one saying how
 * many more were found. The check evaluator cuts longer lists at the same length
 * (`MAX_EVIDENCE` in src/checks/evaluate-checks.ts; a test holds the two equal), so a list
 * of ours is never cut again and its "… and N more" counts from everything found, not from
 * what was kept.
 */
export const LISTED = 20;

/** `items` (the first ones found) as evidence, for `total` found in all. */
export function listed(items: readonly string[], total: number): string[] {
  if (total <= LISTED && items.length >= total) return items.slice(0, total);
  const shown = items.slice(0, LISTED - 1);
  return [...shown, `… and ${total - shown.length} more`];
}
