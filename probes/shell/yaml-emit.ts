/**
 * A small YAML emitter for proposed patches: block mappings and sequences, plain scalars
 * where YAML reads them back as the same string, JSON-quoted strings otherwise. Patches are
 * small trees of maps, lists, strings, numbers, booleans and nulls; the general-purpose
 * `yaml.stringify` costs more than the rest of the analysis of a typical file.
 */

/** Strings YAML would read as something else (null, bool, number) or that contain syntax. */
const NEEDS_QUOTES = /^(?:$|[,[\]{}#&*!|>'"%@`~ ]|[-?:](?: |$)|.*(?:: |\s#|[\n\r\t\\]|[\s:]$)|(?:null|true|false|yes|no|on|off|y|n|~)$|[-+]?(?:\.?\d|\.inf|\.nan))/i;

function scalar(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const s = String(v);
  return NEEDS_QUOTES.test(s) ? JSON.stringify(s) : s;
}

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const empty = (v: unknown): string | null => (Array.isArray(v) && v.length === 0 ? '[]' : isMap(v) && Object.keys(v).length === 0 ? '{}' : null);

function emit(value: unknown, indent: string, out: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) {
      if ((isMap(item) || Array.isArray(item)) && !empty(item)) {
        const lines: string[] = [];
        emit(item, `${indent}  `, lines);
        out.push(`${indent}- ${lines[0]!.slice(indent.length + 2)}`, ...lines.slice(1));
      } else out.push(`${indent}- ${empty(item) ?? scalar(item)}`);
    }
    return;
  }
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if ((isMap(v) || Array.isArray(v)) && !empty(v)) {
      out.push(`${indent}${scalar(k)}:`);
      emit(v, Array.isArray(v) ? indent : `${indent}  `, out);
    } else out.push(`${indent}${scalar(k)}: ${empty(v) ?? scalar(v)}`);
  }
}

/** The tree as a YAML document (no trailing newline). */
export function toYaml(value: Record<string, unknown> | unknown[]): string {
  const out: string[] = [];
  emit(value, '', out);
  return out.join('\n');
}
