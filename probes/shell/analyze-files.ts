/**
 * The static half of the shell probe, shared with `distroready lint`: reads a Dockerfile,
 * Kubernetes manifests and Compose files and turns what they need a shell for into facts.
 * One analysis, one set of checks, whether it runs in a sweep or on the command line.
 */
import * as path from 'node:path';
import { analyzeDockerfileText, type DockerfileAnalysis } from './dockerfile/analyze';
import { FINDING_GROUPS, FINDING_KINDS, group, objectPatches, type Finding, type InputKind } from './findings';
import type { KnownEndpoints } from './manifests/proposals';
import { readInput } from './read-input';
import { loadShellParser } from './script/shell-parser';
import type { Suppression as ProbeSuppression } from '../types';
import { suppressedBy, type Suppression } from './suppressions';
import type { ShellStaticFacts } from './facts-schema';
import { analyzeYamlFile } from './yaml-file';
import { analyzeManifestObject } from './manifests/analyze';

export interface StaticInputs {
  /** Absolute paths. */
  dockerfile?: string | null;
  /** Kubernetes manifests and Compose files, absolute paths. */
  manifests?: readonly string[];
  /** Manifests that are not files (an object read from a cluster's API), by the name findings use. */
  inline?: readonly { name: string; value: unknown }[];
  /** How files are named in findings; default: relative to the working directory. */
  display?: (abs: string) => string;
  /** Health endpoints measured on the live workload, for proposed probes. */
  endpoints?: KnownEndpoints | null;
}

export interface StaticAnalysis {
  facts: ShellStaticFacts;
  /**
   * For the judge: the checks whose every finding a suppression removed (they become
   * `suppressed`). A check with findings left still fails; its evidence counts the
   * suppressed ones, so a suppression never hides a finding it was not written for.
   */
  suppressions: ProbeSuppression[];
}

const relative = (abs: string): string => path.relative(process.cwd(), abs) || abs;

/** Each file is named once: findings and facts both show it, and path.relative is not free. */
function named(show: (abs: string) => string): (abs: string) => string {
  const names = new Map<string, string>();
  return (abs) => {
    let name = names.get(abs);
    if (name === undefined) names.set(abs, (name = show(abs)));
    return name;
  };
}

function unreadable(file: string, reason: string): Finding {
  return { kind: 'unreadable', file, line: 1, text: reason };
}

interface Collected {
  findings: Finding[];
  docker: DockerfileAnalysis | null;
  manifests: { podSpecs: number; containers: number; objects: string[] } | null;
  services: number | null;
}

function collect(inputs: StaticInputs, show: (abs: string) => string): Collected {
  const c: Collected = { findings: [], docker: null, manifests: null, services: null };
  if (inputs.dockerfile) {
    const read = readInput(inputs.dockerfile);
    if (read.ok) c.docker = analyzeDockerfileText({ file: show(inputs.dockerfile), text: read.text, contextDir: path.dirname(inputs.dockerfile) });
    else c.findings.push(unreadable(show(inputs.dockerfile), read.reason));
    if (c.docker) c.findings.push(...c.docker.findings);
  }
  for (const file of inputs.manifests ?? []) {
    const read = readInput(file);
    if (!read.ok) {
      c.findings.push(unreadable(show(file), read.reason));
      continue;
    }
    const m = analyzeYamlFile(show(file), read.text, inputs.endpoints ?? null);
    c.findings.push(...m.findings);
    if (m.services > 0) c.services = (c.services ?? 0) + m.services;
    const prev = c.manifests ?? { podSpecs: 0, containers: 0, objects: [] };
    c.manifests = { podSpecs: prev.podSpecs + m.podSpecs, containers: prev.containers + m.containers, objects: [...prev.objects, ...m.objects].slice(0, 500) };
  }
  for (const { name, value } of inputs.inline ?? []) {
    const m = analyzeManifestObject(name, value, inputs.endpoints ?? null);
    c.findings.push(...m.findings);
    const prev = c.manifests ?? { podSpecs: 0, containers: 0, objects: [] };
    c.manifests = { podSpecs: prev.podSpecs + m.podSpecs, containers: prev.containers + m.containers, objects: [...prev.objects, ...m.objects].slice(0, 500) };
  }
  return c;
}

/** Suppressions of the same check at the same place count once each finding. */
function tally(list: Suppression[]): ShellStaticFacts['suppressions'] {
  const byKey = new Map<string, ShellStaticFacts['suppressions'][number]>();
  for (const s of list) {
    const key = `${s.check}\u0000${s.source}`;
    const cur = byKey.get(key);
    if (cur) cur.count++;
    else byKey.set(key, { ...s, count: 1 });
  }
  return [...byKey.values()];
}

export async function analyzeStatic(inputs: StaticInputs): Promise<StaticAnalysis> {
  await loadShellParser();
  return analyzeStaticSync(inputs);
}

/** The analysis itself; the shell parser must be loaded (`analyzeStatic` does that). */
export function analyzeStaticSync(inputs: StaticInputs): StaticAnalysis {
  const show = named(inputs.display ?? relative);
  const { findings, docker, manifests, services } = collect(inputs, show);
  const given = Boolean(inputs.dockerfile) || (inputs.manifests ?? []).length > 0 || (inputs.inline ?? []).length > 0;
  const judged: Record<InputKind, boolean> = {
    // A Dockerfile without FROM yields no base image: its checks cannot be judged.
    dockerfile: docker !== null && docker.baseImage !== null,
    // Manifests with no pod spec at all (a Service, a ConfigMap) have nothing to judge.
    manifest: (manifests?.podSpecs ?? 0) > 0,
    compose: (services ?? 0) > 0,
  };
  // A suppressed finding proposes nothing: the person said to leave it as it is.
  const patches = objectPatches(findings.filter((f) => f.patch && typeof f.patch !== 'string' && !suppressedBy(f.directives, FINDING_GROUPS[f.kind].check)));
  const suppressed: Suppression[] = [];
  const byKind = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byKind.get(f.kind);
    if (list) list.push(f);
    else byKind.set(f.kind, [f]);
  }
  const groups = {} as Record<(typeof FINDING_KINDS)[number], ReturnType<typeof group> | null>;
  for (const kind of FINDING_KINDS) {
    const applies = kind === 'unreadable' ? given : FINDING_GROUPS[kind].inputs.some((i: InputKind) => judged[i]);
    groups[kind] = applies ? group(byKind.get(kind) ?? [], kind, patches, suppressed) : null;
  }
  const facts: ShellStaticFacts = {
    inputs: { dockerfile: inputs.dockerfile ? show(inputs.dockerfile) : null, manifests: [...(inputs.manifests ?? []).map(show), ...(inputs.inline ?? []).map((m) => m.name)] },
    baseImage: docker?.baseImage ?? null,
    user: docker?.user ?? null,
    stages: docker?.stages ?? [],
    exposed: docker?.exposed ?? [],
    manifestSummary: manifests,
    composeSummary: services === null ? null : { services },
    ...groups,
    patches,
    suppressions: tally(suppressed),
  };
  return { facts, suppressions: onlySuppressed(groups, facts.suppressions) };
}

/** One suppression per check whose findings were all suppressed, with how many and why. */
function onlySuppressed(groups: Record<string, { count: number; suppressed: number } | null>, tallied: ShellStaticFacts['suppressions']): ProbeSuppression[] {
  const out: ProbeSuppression[] = [];
  for (const [kind, g] of Object.entries(groups)) {
    if (!g || g.count > 0 || g.suppressed === 0) continue;
    const check = FINDING_GROUPS[kind as keyof typeof FINDING_GROUPS].check;
    const mine = tallied.filter((s) => s.check === check);
    const reasons = [...new Set(mine.map((s) => s.reason).filter((r): r is string => r !== null))];
    out.push({ check, source: mine.map((s) => s.source).join('; '), reason: `${g.suppressed} finding(s)${reasons.length > 0 ? `: ${reasons.join('; ')}` : ''}` });
  }
  return out;
}
