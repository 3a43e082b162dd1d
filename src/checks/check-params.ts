/**
 * Check parameters: a rule names a threshold as `{ $param: maxScrapeMs }`, the check file
 * gives its default under `params:`, and `checks.<id>.params` in config overrides it.
 */
import type { JsonSchema } from '../../probes/types';
import type { CheckParam } from './check-definition';

const isNode = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function isParamRef(node: Record<string, unknown>): node is { $param: string } {
  return typeof node.$param === 'string' && Object.keys(node).length === 1;
}

/** Every `$param` name the rule refers to. */
export function paramRefs(rule: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(rule)) for (const item of rule) paramRefs(item, out);
  else if (isNode(rule)) {
    if (isParamRef(rule)) out.add(rule.$param);
    else for (const v of Object.values(rule)) paramRefs(v, out);
  }
  return out;
}

/** The rule with each `{ $param: name }` replaced by its value. */
export function substituteParams(rule: JsonSchema, params: Readonly<Record<string, CheckParam>>): JsonSchema {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!isNode(node)) return node;
    if (isParamRef(node)) return params[node.$param];
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
  };
  return walk(rule) as JsonSchema;
}

/**
 * Why an override of a check's params is wrong, or null: an unknown name, or a value of a
 * different type from the default (a threshold given as a string).
 */
export function paramOverrideError(defaults: Readonly<Record<string, CheckParam>>, name: string, value: unknown): string | null {
  if (!(name in defaults)) {
    const known = Object.keys(defaults);
    return known.length > 0 ? `no parameter "${name}"; this check takes ${known.join(', ')}` : `no parameter "${name}"; this check takes none`;
  }
  const expected = typeof defaults[name];
  return typeof value === expected ? null : `must be a ${expected} like the default (${JSON.stringify(defaults[name])}), not ${JSON.stringify(value)}`;
}
