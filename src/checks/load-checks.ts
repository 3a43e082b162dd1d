/**
 * Reads every check definition once at start, validates it, and compiles its rule. A bad
 * check file stops the program with its file, line and key, like a bad config.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { compileCached, parentSchemaOf, type Validator } from '../schema/compile-cached';
import { LineCounter, parseDocument } from 'yaml';
import { isProbeId, probes } from '../../probes';
import type { JsonSchema, ProbeId } from '../../probes/types';
import { formatLocated, fromSchemaError, fromYamlError, type LocatedError } from '../config/yaml-errors';
import { DistroreadyError } from '../errors';
import { CHECKS_DIR } from '../paths';
import { TargetFacts } from '../targets/target-facts';
import { checkFileSchema, type CheckDefinition, type CheckParam } from './check-definition';
import { paramRefs, substituteParams } from './check-params';
import { prebuiltCheck } from './prebuilt-checks';
import { pathExists, rulePaths, templatePaths } from './schema-paths';

export interface CompiledCheck {
  definition: CheckDefinition;
  /** The parameters in effect: the file's defaults with config overrides applied. */
  params: Readonly<Record<string, CheckParam>>;
  /** Returns true when the facts satisfy the rule (the check passes). */
  test: Validator;
}

/** `checks.<id>.params` from config: values that replace a check's defaults. */
export type ParamOverrides = Readonly<Record<string, { params?: Record<string, CheckParam> } | undefined>>;

export interface CheckCatalog {
  all: CompiledCheck[];
  /** Every check id defined, including those of probes not loaded. */
  ids: string[];
  byProbe(probe: ProbeId): CompiledCheck[];
  get(id: string): CompiledCheck | undefined;
  /** A loaded check's default parameters (config overrides are validated against them). */
  params(id: string): Readonly<Record<string, CheckParam>> | undefined;
  /** The catalog with config's parameter overrides compiled in (the catalog itself is unchanged). */
  withParams(overrides: ParamOverrides): CheckCatalog;
}

/** The schema a check's paths are held to: the target's facts for a gate, else its probe's. */
function factsSchemaFor(def: Pick<CheckDefinition, 'probe' | 'gate'>): JsonSchema | undefined {
  if (def.gate) return TargetFacts as unknown as JsonSchema;
  return probes.find((p) => p.id === def.probe)?.facts as JsonSchema | undefined;
}

/** Every path the check names that its facts schema does not declare, with the key that names it. */
function undeclaredPaths(def: CheckDefinition): { key: string; path: string }[] {
  const schema = factsSchemaFor(def);
  if (!schema) return [];
  const named: { key: string; path: string }[] = [
    ...def.requires.map((p) => ({ key: 'requires', path: p })),
    ...def.evidence.map((p) => ({ key: 'evidence', path: p })),
    ...(def.patch ? [{ key: 'patch', path: def.patch }] : []),
    ...(def.locations ? [{ key: 'locations', path: def.locations }] : []),
    ...(['pass', 'fail'] as const).flatMap((key) => templatePaths(def[key]).filter((p) => !p.startsWith('params.')).map((p) => ({ key, path: p }))),
    ...rulePaths(def.rule).map((p) => ({ key: 'rule', path: p })),
  ];
  return named.filter((n) => !pathExists(schema, n.path));
}

function compile(definition: CheckDefinition, params: Readonly<Record<string, CheckParam>>): CompiledCheck {
  const rule = Object.keys(params).length > 0 ? substituteParams(definition.rule, params) : definition.rule;
  return { definition, params, test: compileCached('rules', rule) };
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
    if (onlyProbes && isProbeId(folder) && !onlyProbes.includes(folder)) {
      seen.set(id, display);
      continue;
    }
    const text = readFileSync(file, 'utf8');
    // Parsed only when the build's copy is stale, or an error needs its line and column.
    let parsed: { doc: ReturnType<typeof parseDocument>; counter: LineCounter } | undefined;
    const yaml = (): NonNullable<typeof parsed> => {
      if (!parsed) {
        const counter = new LineCounter();
        parsed = { doc: parseDocument(text, { lineCounter: counter, uniqueKeys: true }), counter };
      }
      return parsed;
    };
    let data = prebuiltCheck(path.relative(dir, file), text);
    if (!data) {
      const { doc } = yaml();
      if (doc.errors.length > 0) {
        errors.push(...doc.errors.map((e) => fromYamlError(display, e)));
        continue;
      }
      data = doc.toJS() as Record<string, unknown>;
    }
    if (!validateFile(data)) {
      const { doc, counter } = yaml();
      errors.push(...(validateFile.errors ?? []).map((e) => fromSchemaError(display, doc, counter, e, parentSchemaOf(checkFileSchema, e.schemaPath))));
      continue;
    }
    const def = { ...(data as Omit<CheckDefinition, 'file'>), file: display };
    const at = (key: string, message: string): void => {
      const { doc, counter } = yaml();
      const node = doc.get(key, true) as { range?: [number] } | undefined;
      const pos = counter.linePos(node?.range?.[0] ?? 0);
      errors.push({ file: display, line: pos.line, column: pos.col, key, message });
    };
    if (!isProbeId(def.probe)) at('probe', `unknown probe "${def.probe}"; one of ${probes.map((p) => p.id).join(', ')}`);
    else if (folder !== def.probe) at('probe', `a ${def.probe} check belongs in ${path.join(path.relative(process.cwd(), dir), def.probe)}/, not ${folder}/`);
    if (def.id !== id) at('id', `the id must match the file name: rename the file to ${def.id}.yaml or the id to ${id}`);
    if (seen.has(def.id)) at('id', `duplicate check id "${def.id}" (also in ${seen.get(def.id)})`);
    seen.set(def.id, display);
    if (onlyProbes && !onlyProbes.includes(def.probe)) continue;
    const unknownParams = [...paramRefs(def.rule)].filter((name) => !(name in (def.params ?? {})));
    if (unknownParams.length > 0) at('rule', `{ $param: ${unknownParams[0]} } names no entry of params:; add it there with its default`);
    for (const { key, path: p } of undeclaredPaths(def)) {
      at(key, `"${p}" is not a fact the ${def.gate ? 'target (gate checks judge the target)' : `${def.probe} probe`} declares; see its facts schema${def.gate ? ' in src/targets/target-facts.ts' : ` (probes/${def.probe}/facts-schema.ts)`}`);
    }
    if (unknownParams.length > 0) continue;
    try {
      checks.push(compile(def, def.params ?? {}));
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
    params: (id) => (byId.has(id) ? (byId.get(id)!.definition.params ?? {}) : undefined),
    withParams(overrides) {
      const changed = checks.map((c) => {
        const given = overrides[c.definition.id]?.params;
        return given && Object.keys(given).length > 0 ? compile(c.definition, { ...c.params, ...given }) : c;
      });
      return catalogOf(changed, allIds);
    },
  };
}
