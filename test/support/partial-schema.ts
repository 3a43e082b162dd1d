/**
 * A facts schema with every property optional, at every depth: check fixtures hold only
 * the facts a check reads, yet what they hold must have the declared names and types.
 */
type Node = Record<string, unknown>;

export function deepPartial(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(deepPartial);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Node = {};
  for (const [k, v] of Object.entries(schema as Node)) {
    if (k === 'required') continue;
    out[k] = deepPartial(v);
  }
  return out;
}
