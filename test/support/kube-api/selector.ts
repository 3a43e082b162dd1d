/**
 * Label and field selectors as the API server parses them: `a=b`, `a==b`, `a!=b`,
 * `a in (x,y)`, `a notin (x)`, `a`, `!a`, comma = AND. `!=` and `notin` also match an
 * object without the label, as in apimachinery's labels package.
 */

type Op = 'eq' | 'neq' | 'in' | 'notin' | 'exists' | '!exists';

export interface Requirement {
  key: string;
  op: Op;
  values: string[];
}

export class SelectorError extends Error {}

const KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;

/** Splits on commas that are not inside a `( … )` value set. */
function splitTop(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function checkKey(key: string): string {
  if (!KEY.test(key)) throw new SelectorError(`unable to parse requirement: invalid label key "${key}": name part must consist of alphanumeric characters, '-', '_' or '.'`);
  return key;
}

function checkValue(value: string): string {
  if (!VALUE.test(value)) throw new SelectorError(`unable to parse requirement: invalid label value: "${value}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.'`);
  return value;
}

function parseOne(raw: string): Requirement {
  const part = raw.trim();
  if (part === '') throw new SelectorError('unable to parse requirement: found \'\', expected: identifier');
  if (part.startsWith('!')) return { key: checkKey(part.slice(1).trim()), op: '!exists', values: [] };
  const set = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(part);
  if (set) {
    const values = set[3]!.split(',').map((v) => checkValue(v.trim()));
    return { key: checkKey(set[1]!), op: set[2] as 'in' | 'notin', values };
  }
  const cmp = /^([^=!\s]+)\s*(==|=|!=)\s*(.*)$/.exec(part);
  if (cmp) {
    const value = cmp[3]!.trim();
    if (/[=!(),\s]/.test(value)) throw new SelectorError(`unable to parse requirement: found '${value}', expected: ',' or 'end of string'`);
    return { key: checkKey(cmp[1]!), op: cmp[2] === '!=' ? 'neq' : 'eq', values: [checkValue(value)] };
  }
  if (/\s/.test(part)) throw new SelectorError(`unable to parse requirement: found '${part.split(/\s+/)[1]}', expected: in, notin, =, ==, !=, gt, lt`);
  return { key: checkKey(part), op: 'exists', values: [] };
}

export function parseLabelSelector(text: string | null): Requirement[] {
  if (text === null || text.trim() === '') return [];
  return splitTop(text).map(parseOne);
}

export function matchesLabels(reqs: readonly Requirement[], labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  return reqs.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    const v = l[r.key];
    switch (r.op) {
      case 'exists': return has;
      case '!exists': return !has;
      case 'eq': return has && v === r.values[0];
      case 'neq': return !has || v !== r.values[0];
      case 'in': return has && r.values.includes(v!);
      case 'notin': return !has || !r.values.includes(v!);
    }
  });
}

export interface FieldRequirement {
  field: string;
  equal: boolean;
  value: string;
}

/** Field selectors: only the fields the stand-in supports, like a real server refuses the rest. */
export function parseFieldSelector(text: string | null, supported: readonly string[]): FieldRequirement[] {
  if (text === null || text.trim() === '') return [];
  return text.split(',').map((raw) => {
    const m = /^\s*([^=!\s]+)\s*(==|=|!=)\s*(.*?)\s*$/.exec(raw);
    if (!m) throw new SelectorError(`invalid selector: '${raw}'; can't understand '${raw}'`);
    if (!supported.includes(m[1]!)) throw new SelectorError(`field label not supported: ${m[1]}`);
    return { field: m[1]!, equal: m[2] !== '!=', value: m[3]! };
  });
}

export function fieldValue(obj: Record<string, unknown>, field: string): string {
  let cur: unknown = obj;
  for (const seg of field.split('.')) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[seg] : undefined;
  return cur === undefined || cur === null ? '' : String(cur);
}

export function matchesFields(reqs: readonly FieldRequirement[], obj: Record<string, unknown>): boolean {
  return reqs.every((r) => (fieldValue(obj, r.field) === r.value) === r.equal);
}
