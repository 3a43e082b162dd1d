/** Durations in config are strings like `500ms`, `10s`, `5m`, `1h`, as Prometheus writes them. */

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** The pattern config schemas use for a duration string. */
export const DURATION_PATTERN = '^[0-9]+(\\.[0-9]+)?(ms|s|m|h)$';

/** Milliseconds for a duration string; `null` when it is not one. */
export function parseDuration(text: string): number | null {
  const m = /^([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)$/.exec(text.trim());
  if (!m) return null;
  return Math.round(Number.parseFloat(m[1]!) * UNIT_MS[m[2]!]!);
}
