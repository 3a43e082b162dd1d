/** Dotted paths into facts: `liveness.url`, `endpoints.0.status`. */

/** Paths come from check definitions, a few hundred at most: each is split once, not per evaluation. */
const segments = new Map<string, readonly string[]>();
const MAX_CACHED = 10_000;

function segmentsOf(dotted: string): readonly string[] {
  let keys = segments.get(dotted);
  if (keys === undefined) {
    keys = dotted.split('.');
    if (segments.size < MAX_CACHED) segments.set(dotted, keys);
  }
  return keys;
}

export function getPath(root: unknown, dotted: string): unknown {
  let node = root;
  for (const key of segmentsOf(dotted)) {
    if (node === null || node === undefined || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Renders a fact value for a message: lists joined, objects as JSON, absent as `—`. */
export function renderValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) return value.map(renderValue).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
