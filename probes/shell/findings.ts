/**
 * What the shell analysis saw, one finding per place, grouped by the check that judges it.
 * Facts hold each group as `{count, locations, evidence, patch, suppressed}`:
 * `locations[i]` and `evidence[i]` describe the same finding, so `lint` and SARIF can print
 * one line each. Proposed changes to Kubernetes objects are merged into one patch per
 * object, whatever checks asked for them.
 */
import type { SourceLocation } from '../types';
import { suppressedBy, type Directive, type Suppression } from './suppressions';
import { toYaml } from './yaml-emit';

/** The kinds of input the static analysis reads. */
export const INPUT_KINDS = ['dockerfile', 'manifest', 'compose'] as const;
export type InputKind = (typeof INPUT_KINDS)[number];

/**
 * The finding groups: each is judged by exactly one check in `config/checks/shell/` (whose
 * `requires` names the group), and applies to some kinds of input. The one list: the facts
 * schema, the suppressions and the check fixtures derive from it.
 */
export const FINDING_GROUPS = {
  shellForm: { check: 'shellFormEntrypoint', inputs: ['dockerfile'] },
  entrypointScript: { check: 'shellEntrypointScript', inputs: ['dockerfile'] },
  healthcheck: { check: 'shellHealthcheckNeedsShell', inputs: ['dockerfile', 'compose'] },
  runtimeInstalls: { check: 'shellToolsInstalled', inputs: ['dockerfile'] },
  runsAsRoot: { check: 'shellImageRunsAsRoot', inputs: ['dockerfile'] },
  noDebugVariant: { check: 'shellNoDebugVariant', inputs: ['dockerfile'] },
  execProbes: { check: 'shellExecProbe', inputs: ['manifest'] },
  grpcProbeBinary: { check: 'shellGrpcProbeBinary', inputs: ['manifest'] },
  lifecycleHooks: { check: 'shellLifecycleHookExec', inputs: ['manifest'] },
  containerCommand: { check: 'shellContainerCommand', inputs: ['manifest', 'compose'] },
  logFiles: { check: 'shellLogFilesOnVolume', inputs: ['manifest'] },
  writableRoot: { check: 'shellWritableRootFilesystem', inputs: ['manifest'] },
  noProbes: { check: 'shellNoProbes', inputs: ['manifest'] },
  helperContainers: { check: 'shellHelperContainers', inputs: ['manifest'] },
  unreadable: { check: 'shellInputUnreadable', inputs: ['dockerfile', 'manifest', 'compose'] },
} as const satisfies Record<string, { check: string; inputs: readonly InputKind[] }>;

export type FindingKind = keyof typeof FINDING_GROUPS;
export const FINDING_KINDS = Object.keys(FINDING_GROUPS) as FindingKind[];

/** The Kubernetes object a finding belongs to. */
export interface ObjectRef {
  /** `namespace/Kind/name`, or `Kind/name` without a namespace. */
  id: string;
  kind: string;
  name: string;
  namespace: string | null;
  file: string;
  line: number;
}

/** A part of an object's patch; parts of the same object merge into one document. */
export interface PatchPart {
  object: ObjectRef;
  /** Why this part is what it is: one comment line in the patch. */
  note: string;
  /** The strategic merge patch, nested from the object's root. */
  value: Record<string, unknown>;
  /**
   * The container it changes: its JSON pointer in the object, its spec as written, and the
   * fields to set (`null` removes one). Kinds kubectl cannot strategic-merge locally (custom
   * resources) get a JSON patch built from these.
   */
  container: { pointer: string; spec: Record<string, unknown>; fields: Record<string, unknown> };
}

export interface Finding {
  kind: FindingKind;
  file: string;
  line: number;
  column?: number;
  /** One line a person reads: what is there and why it needs a shell. */
  text: string;
  /** A proposed change: merged per object (Kubernetes), or literal text (Dockerfile lines). */
  patch?: PatchPart | string;
  /** A textual fix: the lines `line..fix.endLine` become `fix.text`. */
  fix?: { endLine: number; text: string };
  /** Suppressions in force where the finding is (comment, annotation, extension field). */
  directives?: readonly Directive[];
}

export interface FindingGroup {
  count: number;
  locations: SourceLocation[];
  evidence: string[];
  /** The patches of the objects the group's findings are in (or Dockerfile lines); `null` when none. */
  patch: string | null;
  /** Findings a suppression removed from the count, and where they were. */
  suppressed: number;
  suppressedEvidence: string[];
}

/** One patch for one Kubernetes object, ready for `kubectl patch`. */
export interface ObjectPatch {
  object: string;
  file: string;
  line: number;
  kind: string;
  name: string;
  namespace: string | null;
  /** The patch, with comment lines saying how to apply it and why. */
  patch: string;
  /** `strategic` for built-in workload kinds, `json` for custom resources. */
  type: 'strategic' | 'json';
  /** The checks whose findings it fixes. */
  checks: string[];
}

/** Keeps fact lists bounded whatever the input: a manifest with 10 000 containers is still one report. */
const MAX_PER_GROUP = 200;

function deepMerge(into: Record<string, unknown>, from: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(from)) {
    const cur = into[k];
    if (Array.isArray(cur) && Array.isArray(v)) mergeNamedLists(cur, v);
    else if (cur && v && typeof cur === 'object' && typeof v === 'object' && !Array.isArray(cur)) deepMerge(cur as Record<string, unknown>, v as Record<string, unknown>);
    else into[k] = v;
  }
}

/**
 * A copy of a patch value (plain JSON data: objects, lists, strings, numbers, booleans,
 * null), so merging one object's parts never changes a part (or the container fields a JSON
 * patch is built from). A walk, not structuredClone: that serializes, at about three times the cost.
 */
function cloneData<T>(value: T): T {
  if (Array.isArray(value)) return value.map(cloneData) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    // A manifest may have a `__proto__` key (the YAML reader keeps it as an own property):
    // assigning it would set the copy's prototype and drop the key from the patch.
    if (k === '__proto__') Object.defineProperty(out, k, { value: cloneData(v), enumerable: true, writable: true, configurable: true });
    else out[k] = cloneData(v);
  }
  return out as T;
}

/** Lists of containers merge by `name`, as a strategic merge patch does. */
function mergeNamedLists(into: unknown[], from: unknown[]): void {
  for (const item of from) {
    const name = (item as { name?: unknown })?.name;
    const same = into.find((x) => name !== undefined && (x as { name?: unknown })?.name === name);
    if (same) deepMerge(same as Record<string, unknown>, item as Record<string, unknown>);
    else into.push(item);
  }
}

/** Kinds whose schema kubectl knows, so a strategic merge patch applies even with --local. */
const BUILTIN = new Set(['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob', 'PodTemplate']);

function applyHint(o: ObjectRef, type: ObjectPatch['type']): string {
  const ns = o.namespace ? ` -n ${o.namespace}` : '';
  return `kubectl patch ${o.kind.toLowerCase()} ${o.name}${ns} --type ${type} --patch-file PATCH.yaml`;
}

/** Fields set onto a copy of the spec; `null` removes a field, objects merge, lists are replaced. */
function setFields(spec: Record<string, unknown>, fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...spec };
  for (const [k, v] of Object.entries(fields)) {
    const cur = out[k];
    if (v === null) delete out[k];
    else if (v && typeof v === 'object' && !Array.isArray(v) && cur && typeof cur === 'object' && !Array.isArray(cur)) out[k] = setFields(cur as Record<string, unknown>, v as Record<string, unknown>);
    else out[k] = v;
  }
  return out;
}

/** A JSON patch replacing each changed container whole: no schema needed to apply it. */
function jsonPatch(parts: readonly PatchPart[]): unknown[] {
  const byContainer = new Map<string, Record<string, unknown>>();
  for (const p of parts) byContainer.set(p.container.pointer, setFields(byContainer.get(p.container.pointer) ?? p.container.spec, p.container.fields));
  return [...byContainer].map(([path, value]) => ({ op: 'replace', path, value }));
}

const keyOf = (o: ObjectRef): string => `${o.file}#${o.line}#${o.id}`;

/** One strategic merge patch per object, from every finding that proposes a change to it. */
export function objectPatches(findings: readonly Finding[]): ObjectPatch[] {
  const byObject = new Map<string, { object: ObjectRef; notes: string[]; value: Record<string, unknown>; parts: PatchPart[]; checks: Set<string> }>();
  for (const f of findings) {
    if (!f.patch || typeof f.patch === 'string') continue;
    const key = keyOf(f.patch.object);
    const entry = byObject.get(key) ?? { object: f.patch.object, notes: [], value: {}, parts: [], checks: new Set<string>() };
    entry.notes.push(f.patch.note);
    entry.parts.push(f.patch);
    entry.checks.add(FINDING_GROUPS[f.kind].check);
    deepMerge(entry.value, cloneData(f.patch.value));
    byObject.set(key, entry);
  }
  return [...byObject.values()].map(({ object: o, notes, value, parts, checks }) => {
    const type = BUILTIN.has(o.kind) ? 'strategic' : 'json';
    const comments = [`${o.id} (${o.file}:${o.line})`, `apply: ${applyHint(o, type)}`, ...new Set(notes)].map((h) => `# ${h}`).join('\n');
    const body = type === 'strategic' ? value : jsonPatch(parts);
    return {
      object: o.id, file: o.file, line: o.line, kind: o.kind, name: o.name, namespace: o.namespace,
      patch: `${comments}\n${toYaml(body)}\n`,
      type,
      checks: [...checks].sort(),
    };
  });
}

function locationOf(f: Finding): SourceLocation {
  return { file: f.file, line: f.line, ...(f.column ? { column: f.column } : {}), ...(f.fix ? { fix: f.fix } : {}) };
}

/** Groups findings of one kind into the fact shape the checks read, leaving out suppressed ones. */
export function group(findings: readonly Finding[], kind: FindingKind, patches: readonly ObjectPatch[], suppressions: Suppression[]): FindingGroup {
  const check = FINDING_GROUPS[kind].check;
  const all = findings.filter((f) => f.kind === kind);
  const kept: Finding[] = [];
  const dropped: string[] = [];
  for (const f of all) {
    const by = suppressedBy(f.directives, check);
    if (!by) kept.push(f);
    else {
      suppressions.push({ check, reason: by.reason, source: by.source });
      dropped.push(`${f.file}:${f.line}: suppressed by ${by.source}${by.reason ? ` (${by.reason})` : ''}: ${f.text}`);
    }
  }
  const mine = kept.slice(0, MAX_PER_GROUP);
  const texts = mine.filter((f) => typeof f.patch === 'string').map((f) => `# ${f.file}:${f.line}\n${f.patch as string}`);
  const ids = new Set(mine.map((f) => (f.patch && typeof f.patch !== 'string' ? f.patch.object.id : null)));
  for (const p of patches) if (ids.has(p.object)) texts.push(p.patch.trimEnd());
  return {
    count: kept.length,
    locations: mine.map(locationOf),
    evidence: mine.map((f) => `${f.file}:${f.line}: ${f.text}`),
    patch: texts.length > 0 ? texts.join('\n---\n') : null,
    suppressed: dropped.length,
    // After `evidence`, so evidence[i] still belongs to locations[i].
    suppressedEvidence: dropped.length > 0 ? [`${dropped.length} suppressed, not counted:`, ...dropped.slice(0, 20)] : [],
  };
}
