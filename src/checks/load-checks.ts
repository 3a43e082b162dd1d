/**
 * Reads every check definition once at start, validates it, and compiles its rule. A bad
 * check file stops the program with its file, line and key, like a bad config.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { compileCached, parentSchemaOf, type Validator } from '../schema/compile-cached';
import { LineCounter, parseDocument } from 'yaml';
import { probeIds } from '../../probes';
import type { ProbeId } from '../../probes/types';
import { formatLocated, fromSchemaError, fromYamlError, type LocatedError } from '../config/yaml-errors';
import { DistroreadyError } from '../errors';
import { CHECKS_DIR } from '../paths';
import { checkFileSchema, type CheckDefinition } from './check-definition';

export interface CompiledCheck {
  definition: CheckDefinition;
  /** Returns true when the facts satisfy the rule (the check passes). */
  test: Validator;
}

export interface CheckCatalog {
  all: CompiledCheck[];
  /** Every check id defined, including those of probes not loaded. */
  ids: string[];
  byProbe(probe: ProbeId): CompiledCheck[];
  get(id: string): CompiledCheck | undefined;
}

function listYaml(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/**
 * Loads checks from `dir` (default `config/checks`). `onlyProbes` limits loading to the
 * probes a command will run, so `check --probes metrics` compiles only those rules.
 */
export function loadChecks(dir: string = CHECKS_DIR, onlyProbes?: readonly ProbeId[]): CheckCatalog {
  const validateFile = compileCached('config', checkFileSchema);
  const errors: LocatedError[] = [];
  const checks: CompiledCheck[] = [];
  const seen = new Map<string, string>();
  for (const file of listYaml(dir)) {
    const display = path.relative(process.cwd(), file) || file;
    // Checks live at <dir>/<probe>/<id>.yaml, so a probe that will not run costs no parse.
    const [folder] = path.relative(dir, file).split(path.sep);
    const id = path.basename(file).replace(/\.ya?ml$/, '');
    if (onlyProbes && probeIds.includes(folder as ProbeId) && !onlyProbes.includes(folder as ProbeId)) {
      seen.set(id, display);
      continue;
    }
    const counter = new LineCounter();
    const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter: counter, uniqueKeys: true });
    if (doc.errors.length > 0) {
      errors.push(...doc.errors.map((e) => fromYamlError(display, e)));
      continue;
    }
    const data = doc.toJS() as Record<string, unknown>;
    if (!validateFile(data)) {
      errors.push(...(validateFile.errors ?? []).map((e) => fromSchemaError(display, doc, counter, e, parentSchemaOf(checkFileSchema, e.schemaPath))));
      continue;
    }
    const def = { ...(data as Omit<CheckDefinition, 'file'>), file: display };
    const at = (key: string, message: string): void => {
      const node = doc.get(key, true) as { range?: [number] } | undefined;
      const pos = counter.linePos(node?.range?.[0] ?? 0);
      errors.push({ file: display, line: pos.line, column: pos.col, key, message });
    };
    if (!probeIds.includes(def.probe)) at('probe', `unknown probe "${def.probe}"; one of ${probeIds.join(', ')}`);
    else if (folder !== def.probe) at('probe', `a ${def.probe} check belongs in ${path.join(path.relative(process.cwd(), dir), def.probe)}/, not ${folder}/`);
    if (def.id !== id) at('id', `the id must match the file name: rename the file to ${def.id}.yaml or the id to ${id}`);
    if (seen.has(def.id)) at('id', `duplicate check id "${def.id}" (also in ${seen.get(def.id)})`);
    seen.set(def.id, display);
    if (onlyProbes && !onlyProbes.includes(def.probe)) continue;
    try {
      checks.push({ definition: def, test: compileCached('rules', def.rule) });
    } catch (err) {
      at('rule', `not a valid JSON Schema: ${(err as Error).message}`);
    }
  }
  if (errors.length > 0) {
    throw new DistroreadyError('CHECKS_INVALID', `invalid check definitions:\n  ${errors.map(formatLocated).join('\n  ')}`, { errors });
  }
  return catalogOf(checks, [...seen.keys()]);
}

function catalogOf(checks: CompiledCheck[], allIds: string[]): CheckCatalog {
  const byId = new Map(checks.map((c) => [c.definition.id, c]));
  return {
    all: checks,
    ids: allIds,
    byProbe: (probe) => checks.filter((c) => c.definition.probe === probe),
    get: (id) => byId.get(id),
  };
}
