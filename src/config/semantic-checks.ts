/** Rules a JSON Schema cannot say well: unique workload names, something to probe, known check ids. */
import type { Document, LineCounter, Node } from 'yaml';
import type { LocatedError } from './yaml-errors';
import { dottedKey } from './yaml-errors';

function lineOf(doc: Document, counter: LineCounter, path: (string | number)[]): { line: number; column: number } {
  const node = doc.getIn(path, true) as Node | undefined;
  const pos = node?.range ? counter.linePos(node.range[0]) : { line: 1, col: 1 };
  return { line: pos.line, column: pos.col };
}

export function semanticErrors(
  data: Record<string, unknown>,
  file: string,
  doc: Document,
  counter: LineCounter,
  checkIds?: readonly string[],
): LocatedError[] {
  const errors: LocatedError[] = [];
  for (const id of Object.keys((data.checks ?? {}) as object)) {
    if (checkIds && !checkIds.includes(id)) {
      const path = ['checks', id];
      errors.push({ file, ...lineOf(doc, counter, path), key: dottedKey(path), message: `no check with id "${id}"; see config/checks/ for the ids` });
    }
  }
  const workloads = (data.workloads ?? []) as Record<string, unknown>[];
  const seen = new Map<string, number>();
  workloads.forEach((w, i) => {
    const name = String(w.name);
    const path = ['workloads', i, 'name'];
    const first = seen.get(name);
    if (first !== undefined) {
      errors.push({ file, ...lineOf(doc, counter, path), key: dottedKey(path), message: `duplicate workload name "${name}" (also workloads[${first}]); names must be unique` });
    } else seen.set(name, i);
    const probeable = Object.keys(w).some((k) => k !== 'name');
    if (!probeable) {
      const at = ['workloads', i];
      errors.push({ file, ...lineOf(doc, counter, at), key: dottedKey(at), message: `workload "${name}" has nothing to probe; give it a url, a run command, a dockerfile or manifests` });
    }
  });
  return errors;
}
