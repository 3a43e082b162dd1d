/**
 * Label selector syntax, checked when the config is loaded so a typo is a config error
 * with a line number rather than a 400 from every list call: `a=b`, `a==b`, `a!=b`,
 * `a in (x,y)`, `a notin (x)`, `a`, `!a`, joined by commas.
 */

const KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;

function splitTop(text: string): string[] | null {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(') depth++;
    else if (ch === ')' && --depth < 0) return null;
    else if (ch === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (depth !== 0) return null;
  parts.push(text.slice(start));
  return parts;
}

function requirementError(raw: string): string | null {
  const part = raw.trim();
  if (part === '') return 'an empty requirement (two commas, or a trailing one)';
  const key = (k: string): string | null => (KEY.test(k) ? null : `"${k}" is not a label key`);
  const value = (v: string): string | null => (VALUE.test(v) ? null : `"${v}" is not a label value (63 characters at most: letters, digits, '-', '_', '.')`);
  if (part.startsWith('!')) return key(part.slice(1).trim());
  const set = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(part);
  if (set) return key(set[1]!) ?? set[3]!.split(',').map((v) => value(v.trim())).find((e) => e !== null) ?? null;
  const cmp = /^([^=!\s]+)\s*(==|=|!=)\s*(.*)$/.exec(part);
  if (cmp) return key(cmp[1]!) ?? (/[=!(),\s]/.test(cmp[3]!.trim()) ? `cannot read "${part}"` : value(cmp[3]!.trim()));
  if (/\s/.test(part)) return `cannot read "${part}": expected =, ==, !=, in or notin`;
  return key(part);
}

/** `null` when `text` is a valid selector; otherwise what is wrong with it. */
export function labelSelectorError(text: string): string | null {
  const parts = splitTop(text);
  if (!parts) return 'unbalanced parentheses';
  for (const p of parts) {
    const e = requirementError(p);
    if (e) return e;
  }
  return null;
}
