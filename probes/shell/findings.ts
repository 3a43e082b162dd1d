/**
 * What the shell analysis saw, one finding per place, grouped by the check that judges it.
 * Facts hold each group as `{count, locations, evidence, patch}`: `locations[i]` and
 * `evidence[i]` describe the same finding, so `lint` and SARIF can print one line each.
 */
import { stringify } from 'yaml';
import type { SourceLocation } from '../../src/model';

/** The finding groups; each has exactly one check in `config/checks/shell/`. */
export const DOCKERFILE_KINDS = ['shellForm', 'entrypointScript', 'healthcheck', 'runtimeInstalls', 'runsAsRoot', 'noDebugVariant'] as const;
export const MANIFEST_KINDS = ['execProbes', 'lifecycleHooks', 'containerCommand', 'logFiles', 'writableRoot', 'noProbes', 'helperContainers'] as const;
export type DockerfileKind = (typeof DOCKERFILE_KINDS)[number];
export type ManifestKind = (typeof MANIFEST_KINDS)[number];
export type FindingKind = DockerfileKind | ManifestKind | 'unreadable' | 'spawned';

/** A proposed change: findings with the same `group` merge into one YAML document. */
export interface PatchPart {
  group: string;
  /** The resource and how to apply the patch: one comment line per group. */
  header: string;
  /** Why this part of the patch is what it is: one comment line per finding. */
  note: string;
  value: Record<string, unknown>;
}

export interface Finding {
  kind: FindingKind;
  file: string;
  line: number;
  column?: number;
  /** One line a person reads: what is there and why it needs a shell. */
  text: string;
  /** A proposed replacement: YAML merged per group, or literal text (Dockerfile lines). */
  patch?: PatchPart | string;
}

export interface FindingGroup {
  count: number;
  locations: SourceLocation[];
  evidence: string[];
  /** The proposed patches of the group's findings, one YAML document per resource; `null` when none. */
  patch: string | null;
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

/** Lists of containers merge by `name`, as a strategic merge patch does. */
function mergeNamedLists(into: unknown[], from: unknown[]): void {
  for (const item of from) {
    const name = (item as { name?: unknown })?.name;
    const same = into.find((x) => name !== undefined && (x as { name?: unknown })?.name === name);
    if (same) deepMerge(same as Record<string, unknown>, item as Record<string, unknown>);
    else into.push(item);
  }
}

function renderPatches(findings: Finding[]): string | null {
  const texts: string[] = [];
  const groups = new Map<string, { header: string; notes: string[]; value: Record<string, unknown> }>();
  for (const f of findings) {
    if (typeof f.patch === 'string') texts.push(`# ${f.file}:${f.line}\n${f.patch}`);
    else if (f.patch) {
      const g = groups.get(f.patch.group) ?? { header: f.patch.header, notes: [], value: {} };
      g.notes.push(f.patch.note);
      deepMerge(g.value, structuredClone(f.patch.value));
      groups.set(f.patch.group, g);
    }
  }
  for (const g of groups.values()) {
    const comments = [g.header, ...new Set(g.notes)].map((h) => `# ${h}`).join('\n');
    texts.push(`${comments}\n${stringify(g.value, { lineWidth: 0 }).trimEnd()}`);
  }
  return texts.length > 0 ? texts.join('\n---\n') : null;
}

/** Groups findings of one kind into the fact shape the checks read. */
export function group(findings: Finding[], kind: FindingKind): FindingGroup {
  const mine = findings.filter((f) => f.kind === kind).slice(0, MAX_PER_GROUP);
  return {
    count: findings.filter((f) => f.kind === kind).length,
    locations: mine.map((f) => (f.column ? { file: f.file, line: f.line, column: f.column } : { file: f.file, line: f.line })),
    evidence: mine.map((f) => `${f.file}:${f.line}: ${f.text}`),
    patch: renderPatches(mine),
  };
}
