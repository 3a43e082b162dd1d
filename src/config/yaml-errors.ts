/**
 * Turns YAML parse errors and JSON Schema (ajv) errors into messages a person can act on:
 * `file:line:col: key.path: what is wrong; how to fix it`.
 */
import { isMap, isSeq, type Document, type LineCounter, type Node, type YAMLError } from 'yaml';
import type { ErrorObject } from 'ajv';
import { closest } from '../did-you-mean';

export interface LocatedError {
  file: string;
  line: number;
  column: number;
  /** Dotted key path, e.g. `workloads[0].health.liveness`. */
  key: string;
  message: string;
}

export function formatLocated(e: LocatedError): string {
  return `${e.file}:${e.line}:${e.column}: ${e.key ? `${e.key}: ` : ''}${e.message}`;
}

export function fromYamlError(file: string, err: YAMLError): LocatedError {
  const pos = err.linePos?.[0] ?? { line: 1, col: 1 };
  const firstLine = err.message.split('\n')[0] ?? err.message;
  return { file, line: pos.line, column: pos.col, key: '', message: `YAML syntax: ${firstLine}` };
}

/** JSON pointer `/workloads/0/health` → `['workloads', 0, 'health']`. */
function pointerToPath(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

export function dottedKey(path: (string | number)[]): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
}

/** The node for a path, or for the key itself when `keyOnly` (to point at `helth:`). */
function nodeAt(doc: Document, path: (string | number)[], keyOnly: boolean): Node | null {
  let node: unknown = doc.contents;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === seg);
      if (!pair) return node as Node;
      if (i === path.length - 1 && keyOnly) return pair.key as Node;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
    } else {
      return (node as Node) ?? null;
    }
  }
  return (node as Node) ?? null;
}

function position(doc: Document, counter: LineCounter, path: (string | number)[], keyOnly: boolean): { line: number; col: number } {
  const node = nodeAt(doc, path, keyOnly);
  const offset = node?.range?.[0];
  return offset === undefined ? { line: 1, col: 1 } : counter.linePos(offset);
}

function suggest(unknown: string, allowed: string[]): string {
  const best = closest(unknown, allowed);
  const hint = best ? `did you mean "${best}"? ` : '';
  return `${hint}Allowed keys: ${allowed.join(', ')}`;
}

/**
 * Explains one ajv error. `parentSchema` is the schema object the failing keyword sits in
 * (see `parentSchemaOf`): its `properties` name the allowed keys, its `pattern` the format.
 */
export function fromSchemaError(
  file: string,
  doc: Document,
  counter: LineCounter,
  err: ErrorObject,
  parentSchema: Record<string, unknown> | undefined,
): LocatedError {
  const path = pointerToPath(err.instancePath);
  const where = (p: (string | number)[], keyOnly: boolean): LocatedError => {
    const pos = position(doc, counter, p, keyOnly);
    return { file, line: pos.line, column: pos.col, key: dottedKey(p), message: '' };
  };
  const params = err.params as Record<string, unknown>;
  switch (err.keyword) {
    case 'additionalProperties': {
      const extra = String(params.additionalProperty);
      const located = where([...path, extra], true);
      const allowed = Object.keys((parentSchema?.properties as object | undefined) ?? {});
      return { ...located, message: `unknown key "${extra}"; remove it or fix its spelling: ${suggest(extra, allowed)}` };
    }
    case 'required': {
      const missing = String(params.missingProperty);
      return { ...where(path, false), key: dottedKey([...path, missing]), message: `"${missing}" is required here; add it` };
    }
    case 'enum':
      return { ...where(path, false), message: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    case 'type': {
      const pattern = typeof parentSchema?.pattern === 'string' ? parentSchema.pattern : '';
      if (pattern.includes('ms|s|m|h')) return { ...where(path, false), message: patternHint(pattern) + ' (a number alone has no unit)' };
      if (params.type === 'array' && path[path.length - 1] === 'command') {
        return { ...where(path, false), message: 'must be a list of arguments such as [node, server.js]; distroready never runs a shell string' };
      }
      return { ...where(path, false), message: `must be ${aOrAn(String(params.type))}` };
    }
    case 'pattern':
      return { ...where(path, false), message: patternHint(String(params.pattern)) };
    case 'not':
      // "must NOT be valid" tells nobody anything; a schema with a `not` says what it forbids in its description.
      return { ...where(path, false), message: typeof parentSchema?.description === 'string' ? parentSchema.description : (err.message ?? err.keyword) };
    default:
      return { ...where(path, false), message: err.message ?? err.keyword };
  }
}

function aOrAn(type: string): string {
  if (type === 'array') return 'a list';
  if (type === 'object') return 'a mapping of keys to values';
  if (type === 'integer') return 'a whole number';
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function patternHint(pattern: string): string {
  if (pattern.includes('ms|s|m|h')) return 'must be a duration such as 500ms, 10s, 5m or 1h';
  if (pattern.startsWith('^https?')) return 'must be an http:// or https:// URL';
  if (pattern === '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$') return 'must be a Kubernetes name: lower-case letters, digits and "-", starting and ending with a letter or digit';
  return `must match ${pattern}`;
}
