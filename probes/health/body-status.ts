/**
 * Reads what a JSON health body says about health, where it says anything:
 * `{"status":"UP"}` (Spring Actuator), `{"status":"ok"}`, `{"health":"true"}`,
 * `{"healthy":false}`. `null` when the body states nothing we recognise.
 */

const UP = new Set(['up', 'ok', 'pass', 'passing', 'healthy', 'true', 'ready', 'alive', 'green', 'serving']);
const DOWN = new Set(['down', 'fail', 'failing', 'unhealthy', 'false', 'not_ready', 'notready', 'error', 'red', 'out_of_service', 'not_serving']);
const FIELDS = ['status', 'health', 'healthy', 'state', 'ready', 'alive'];

export type BodyStatus = 'up' | 'down' | 'warn';

export function bodyStatus(body: Buffer, contentType: string | undefined): BodyStatus | null {
  const first = body.subarray(0, 64).toString('utf8').trimStart()[0];
  if (first !== '{' && !/json/i.test(contentType ?? '')) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return null;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  const obj = parsed as Record<string, unknown>;
  for (const field of FIELDS) {
    const value = obj[field];
    if (value === undefined) continue;
    const text = String(value).trim().toLowerCase();
    if (UP.has(text)) return 'up';
    if (DOWN.has(text)) return 'down';
    if (text === 'warn' || text === 'degraded') return 'warn';
  }
  return null;
}
