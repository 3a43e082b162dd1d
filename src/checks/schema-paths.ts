/**
 * Holds check files to the facts their probe declares. Every dotted path a check names —
 * in `requires`, `evidence`, `patch`, `locations`, message placeholders, and the property
 * names of its rule — must exist in the probe's facts schema, so a renamed fact or a typo
 * fails at load, not as a check that is silently `unknown` forever.
 */
import type { JsonSchema } from '../../probes/types';

type Node = Record<string, unknown>;

const isNode = (v: unknown): v is Node => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Schemas that accept anything at and below them (`Type.Any()`, `Type.Unknown()`, `{}`). */
function isOpen(s: Node): boolean {
  return !('type' in s) && !('properties' in s) && !('anyOf' in s) && !('oneOf' in s) && !('allOf' in s) && !('items' in s) && !('const' in s) && !('enum' in s);
}

/** The branches a value at this node may take: a union's members, or the node itself. */
function branches(s: Node): Node[] {
  const alts = [s.anyOf, s.oneOf, s.allOf].find(Array.isArray) as unknown[] | undefined;
  return alts ? alts.filter(isNode).flatMap(branches) : [s];
}

/** The schemas a child `key` may have under `s`: one per branch that has such a child. */
function child(s: Node, key: string): Node[] | 'open' {
  const out: Node[] = [];
  for (const b of branches(s)) {
    if (isOpen(b)) return 'open';
    const props = isNode(b.properties) ? b.properties : undefined;
    if (props && isNode(props[key])) out.push(props[key] as Node);
    else if (isNode(b.additionalProperties)) out.push(b.additionalProperties);
    else if (isNode(b.patternProperties)) out.push(...Object.values(b.patternProperties).filter(isNode));
    else if (b.type === 'array' && isNode(b.items) && (/^\d+$/.test(key) || key === '*')) out.push(b.items);
    else if (b.type === 'object' && !props && b.additionalProperties !== false) return 'open';
  }
  return out;
}

/** The schemas at a dotted path, `'open'` below a schema that accepts anything, `[]` when it does not exist. */
export function schemasAt(root: JsonSchema, dotted: string): Node[] | 'open' {
  let nodes: Node[] = [root as Node];
  for (const key of dotted.split('.')) {
    const next: Node[] = [];
    for (const n of nodes) {
      const c = child(n, key);
      if (c === 'open') return 'open';
      next.push(...c);
    }
    if (next.length === 0) return [];
    nodes = next;
  }
  return nodes;
}

export function pathExists(root: JsonSchema, dotted: string): boolean {
  const at = schemasAt(root, dotted);
  return at === 'open' || at.length > 0;
}

/**
 * The fact paths a rule constrains: the keys under `properties` and `required`, followed
 * through `items`, `contains` and the combinators, each as a dotted path from the facts'
 * root (array elements as `*`).
 */
export function rulePaths(rule: JsonSchema, prefix = ''): string[] {
  const out: string[] = [];
  const visit = (node: unknown, at: string): void => {
    if (!isNode(node)) return;
    const join = (k: string): string => (at ? `${at}.${k}` : k);
    if (isNode(node.properties)) {
      for (const [k, v] of Object.entries(node.properties)) {
        out.push(join(k));
        visit(v, join(k));
      }
    }
    if (Array.isArray(node.required)) for (const k of node.required) if (typeof k === 'string') out.push(join(k));
    for (const key of ['items', 'contains']) if (isNode(node[key])) visit(node[key], join('*'));
    for (const key of ['allOf', 'anyOf', 'oneOf']) if (Array.isArray(node[key])) for (const n of node[key] as unknown[]) visit(n, at);
    for (const key of ['not', 'if', 'then', 'else']) visit(node[key], at);
  };
  visit(rule, prefix);
  return [...new Set(out)];
}

/** `{{a.b}}` placeholders of a message. */
export function templatePaths(template: string): string[] {
  return [...template.matchAll(/\{\{\s*([A-Za-z0-9_.]+)\s*\}\}/g)].map((m) => m[1]!);
}
