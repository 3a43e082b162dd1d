/**
 * What the containers of Kubernetes manifests need a shell for: exec probes, lifecycle
 * hooks, shell commands, log files on volumes, and what is missing (probes, a read-only
 * root). Init containers and sidecars are reported apart: they may keep a shell image.
 */
import { basename, classifyArgv, plainCommand, PROBE_BINARIES, showArgv, sleepSeconds, type CommandInfo } from '../commands';
import type { Finding, FindingKind, ObjectRef, PatchPart } from '../findings';
import { loadShellParser } from '../script/shell-parser';
import { annotationDirective, type Directive } from '../suppressions';
import { loadManifests, type LoadedManifests, type ManifestDoc, type PathSeg } from './load';
import { recognize } from './recognize';
import { findPodSpecs, type PodSpecAt } from './pod-specs';
import { portInCommands, proposeProbe, type KnownEndpoints, type ProbeField } from './proposals';
import { containersOf, type ContainerAt } from './containers';

export interface ManifestAnalysis {
  findings: Finding[];
  podSpecs: number;
  containers: number;
  /** `namespace/Kind/name` of every object with a pod template. */
  objects: string[];
}

const PROBES: ProbeField[] = ['livenessProbe', 'readinessProbe', 'startupProbe'];
/** Run-to-completion workloads: probes make little sense there. */
const BATCH_KINDS = new Set(['Job', 'CronJob']);

interface Ctx {
  file: string;
  doc: ManifestDoc;
  pod: PodSpecAt;
  known: KnownEndpoints | null;
  out: Finding[];
  object: ObjectRef;
  directives: Directive[];
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function execArgv(handler: unknown): string[] | null {
  const cmd = isObject(handler) && isObject(handler.exec) ? handler.exec.command : null;
  return Array.isArray(cmd) ? cmd.map(String) : null;
}

/** A strategic merge patch for one container, nested under its resource. */
function patchFor(ctx: Ctx, c: ContainerAt, fields: Record<string, unknown>, note: string): PatchPart {
  const rel = ctx.pod.path.slice(ctx.pod.owner.path.length);
  let value: Record<string, unknown> = { [c.listKey]: [{ name: c.name, ...fields }] };
  if (rel.every((s) => typeof s === 'string')) for (const seg of [...rel].reverse()) value = { [seg as string]: value };
  const pointer = `/${c.path.slice(ctx.pod.owner.path.length).map((seg) => String(seg).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
  return { object: ctx.object, note: `${c.name}: ${note}`, value, container: { pointer, spec: c.spec, fields } };
}

function add(ctx: Ctx, c: ContainerAt, kind: FindingKind, at: PathSeg[], text: string, patch?: PatchPart): void {
  const pos = ctx.doc.position([...c.path, ...at]);
  // Init containers and sidecars never block: their findings go to a group of their own.
  const k = c.role === 'main' ? kind : 'helperContainers';
  const who = `${ctx.object.id} ${c.role === 'main' ? 'container' : c.role} ${c.name}`;
  ctx.out.push({ kind: k, file: ctx.file, line: pos.line, column: pos.column, text: `${who}: ${text}`, patch: c.role === 'main' ? patch : undefined, directives: ctx.directives });
}

const needsShell = (info: CommandInfo): boolean => info.kind !== 'binary';

/**
 * The port the container listens on: its declared port, else one its own exec commands
 * talk to. The live workload's port may differ (a `run` target on a test port).
 */
function portOf(c: ContainerAt): number | null {
  const lifecycle = isObject(c.spec.lifecycle) ? c.spec.lifecycle : {};
  const handlers = [...PROBES.map((p) => c.spec[p]), lifecycle.postStart, lifecycle.preStop];
  return c.port ?? portInCommands(handlers.map(execArgv).filter((a): a is string[] => a !== null));
}

function checkProbes(ctx: Ctx, c: ContainerAt): void {
  for (const field of PROBES) {
    const argv = execArgv(c.spec[field]);
    if (!argv) continue;
    const info = classifyArgv(argv);
    if (info.kind === 'binary' && PROBE_BINARIES.has(basename(info.program))) {
      const proposal = proposeProbe(field, info, portOf(c), ctx.known);
      const patch = proposal.handler ? patchFor(ctx, c, { [field]: proposal.handler }, `${field}: ${proposal.note}`) : undefined;
      add(ctx, c, 'grpcProbeBinary', [field], `${field} exec runs ${showArgv(argv)}: a static binary the image must ship (no shell needed); the kubelet's native grpc probe needs none`, patch);
      continue;
    }
    if (!needsShell(info)) continue;
    const proposal = proposeProbe(field, info, portOf(c), ctx.known);
    const patch = proposal.handler ? patchFor(ctx, c, { [field]: proposal.handler }, `${field}: ${proposal.note}`) : undefined;
    add(ctx, c, 'execProbes', [field], `${field} exec runs ${showArgv(argv)}: needs ${info.program}, which a distroless image does not have`, patch);
  }
}

function checkHooks(ctx: Ctx, c: ContainerAt): void {
  const lifecycle = isObject(c.spec.lifecycle) ? c.spec.lifecycle : {};
  for (const hook of ['postStart', 'preStop']) {
    const argv = execArgv(lifecycle[hook]);
    if (!argv) continue;
    const info = classifyArgv(argv);
    if (!needsShell(info)) continue;
    const seconds = sleepSeconds(info);
    const patch = seconds !== null
      ? patchFor(ctx, c, { lifecycle: { [hook]: { exec: null, sleep: { seconds } } } }, `${hook}: the native sleep action (Kubernetes ≥ 1.30) instead of exec sleep`)
      : undefined;
    add(ctx, c, 'lifecycleHooks', ['lifecycle', hook], `${hook} exec runs ${showArgv(argv)}: needs ${info.program}, which a distroless image does not have`, patch);
  }
}

function checkCommand(ctx: Ctx, c: ContainerAt): void {
  const command = Array.isArray(c.spec.command) ? c.spec.command.map(String) : null;
  const args = Array.isArray(c.spec.args) ? c.spec.args.map(String) : null;
  const argv = command ?? args;
  if (!argv || argv.length === 0) return;
  const info = classifyArgv(argv);
  if (!needsShell(info)) return;
  // Helpers get no patch (they may keep a shell), so their scripts need no reading.
  const plain = info.script !== null && c.role === 'main' ? plainCommand(info.script) : null;
  const patch = plain && command ? patchFor(ctx, c, { command: plain, args: null }, 'the same program, exec form, no shell (output to stdout)') : undefined;
  add(ctx, c, 'containerCommand', [command ? 'command' : 'args'], `${command ? 'command' : 'args'} runs ${showArgv(argv)}: needs ${info.program}, which a distroless image does not have`, patch);
}

function checkLogVolumes(ctx: Ctx, c: ContainerAt, volumes: Map<string, string>): void {
  const mounts = Array.isArray(c.spec.volumeMounts) ? c.spec.volumeMounts : [];
  mounts.slice(0, 100).forEach((m, i) => {
    if (!isObject(m) || typeof m.mountPath !== 'string' || !/^\/var\/log(\/|$)/.test(m.mountPath)) return;
    const type = volumes.get(String(m.name));
    if (type !== 'emptyDir' && type !== 'hostPath') return;
    add(ctx, c, 'logFiles', ['volumeMounts', i], `mounts ${type} volume "${String(m.name)}" at ${m.mountPath}: log files there are invisible without a shell; log to stdout/stderr`);
  });
}

function checkMain(ctx: Ctx, c: ContainerAt): void {
  const sc = isObject(c.spec.securityContext) ? c.spec.securityContext : {};
  if (sc.readOnlyRootFilesystem !== true) {
    add(ctx, c, 'writableRoot', [], 'readOnlyRootFilesystem is not set: the root filesystem is writable', patchFor(ctx, c, { securityContext: { readOnlyRootFilesystem: true } }, 'read-only root filesystem'));
  }
  if (BATCH_KINDS.has(ctx.pod.owner.kind) || PROBES.some((p) => c.spec[p] !== undefined)) return;
  const probes: Record<string, unknown> = {};
  const notes: string[] = [];
  for (const field of ['livenessProbe', 'readinessProbe'] as const) {
    const { handler, note } = proposeProbe(field, null, portOf(c), ctx.known);
    if (!handler) continue;
    // A new probe has no exec handler to remove.
    probes[field] = Object.fromEntries(Object.entries(handler).filter(([k]) => k !== 'exec'));
    notes.push(`${field}: ${note}`);
  }
  const patch = notes.length > 0 ? patchFor(ctx, c, probes, notes.join('; ')) : undefined;
  add(ctx, c, 'noProbes', [], 'no liveness, readiness or startup probe: the kubelet cannot tell a hung container from a healthy one', patch);
}

function analyzePod(ctx: Ctx, containers: readonly ContainerAt[]): void {
  const volumes = new Map<string, string>();
  for (const v of Array.isArray(ctx.pod.spec.volumes) ? ctx.pod.spec.volumes.slice(0, 500) : []) {
    if (!isObject(v)) continue;
    const type = Object.keys(v).find((k) => k !== 'name');
    if (type) volumes.set(String(v.name), type);
  }
  for (const c of containers) {
    checkProbes(ctx, c);
    checkHooks(ctx, c);
    checkCommand(ctx, c);
    checkLogVolumes(ctx, c, volumes);
    if (c.role === 'main') checkMain(ctx, c);
  }
}

function objectRef(file: string, doc: ManifestDoc, pod: PodSpecAt): ObjectRef {
  const { kind, name, namespace, path } = pod.owner;
  const id = `${namespace ? `${namespace}/` : ''}${kind}/${name}`;
  return { id, kind, name, namespace, file, line: doc.position(path).line };
}

/** Object annotations, then the pod template's: either may suppress a check for this pod. */
function directivesOf(pod: PodSpecAt, object: ObjectRef): Directive[] {
  const own = annotationDirective(pod.owner.annotations, `${object.id} annotation`);
  const template = pod.templateAnnotations === pod.owner.annotations ? null : annotationDirective(pod.templateAnnotations, `${object.id} pod template annotation`);
  return [own, template].filter((d): d is Directive => d !== null);
}

/**
 * Reads Kubernetes manifests (YAML or JSON, many documents) and reports what their pod
 * templates need a shell for. `known` are endpoints measured on the live workload, for the
 * proposed probes. A file that is no Kubernetes manifest (a Helm template, a Kustomization,
 * other YAML) yields one `unreadable` finding saying what to lint instead.
 */
export async function analyzeManifest(file: string, text: string, known: KnownEndpoints | null): Promise<ManifestAnalysis> {
  await loadShellParser();
  return analyzeManifestText(file, text, known);
}

/** The analysis itself; the shell parser must be loaded (`analyzeManifest` does that). */
export function analyzeManifestText(file: string, text: string, known: KnownEndpoints | null): ManifestAnalysis {
  return analyzeLoaded(file, text, loadManifests(text), known);
}

/**
 * The same analysis of an object already parsed, such as a controller read from a
 * cluster's API: there is no file, so every finding is at line 1 of the object's name.
 * The shell parser must be loaded (`analyzeStatic` does that).
 */
export function analyzeManifestObject(name: string, value: unknown, known: KnownEndpoints | null): ManifestAnalysis {
  return analyzeLoaded(name, '', { docs: [{ index: 0, value, position: () => ({ line: 1, column: 1 }) }], errors: [] }, known);
}

/** The analysis of manifests already loaded (the caller may have looked at them for Compose). */
export function analyzeLoaded(file: string, text: string, loaded: LoadedManifests, known: KnownEndpoints | null): ManifestAnalysis {
  const out: Finding[] = [];
  const problem = recognize(file, text, loaded);
  if (problem) out.push({ kind: 'unreadable', file, line: problem.line, text: problem.text });
  let podSpecs = 0;
  let containers = 0;
  const objects = new Set<string>();
  for (const doc of loaded.docs) {
    for (const pod of findPodSpecs(doc.value)) {
      podSpecs++;
      const object = objectRef(file, doc, pod);
      objects.add(object.id);
      const ctx: Ctx = { file, doc, pod, known, out, object, directives: directivesOf(pod, object) };
      // Read once: the count and the checks see the same containers.
      const list = containersOf(pod);
      containers += list.length;
      analyzePod(ctx, list);
    }
  }
  return { findings: out, podSpecs, containers, objects: [...objects] };
}
