/**
 * The static half of the shell probe, shared with `distroready lint`: reads a Dockerfile
 * and manifests and turns what they need a shell for into facts. One analysis, one set
 * of checks, whether it runs in a sweep or on the command line.
 */
import * as path from 'node:path';
import { analyzeDockerfile, type DockerfileAnalysis } from './dockerfile/analyze';
import { DOCKERFILE_KINDS, group, MANIFEST_KINDS, type Finding, type FindingGroup } from './findings';
import { analyzeManifest } from './manifests/analyze';
import type { KnownEndpoints } from './manifests/proposals';
import { readInput } from './read-input';

export interface StaticInputs {
  /** Absolute paths. */
  dockerfile?: string | null;
  manifests?: readonly string[];
  /** How files are named in findings; default: relative to the working directory. */
  display?: (abs: string) => string;
  /** Health endpoints measured on the live workload, for proposed probes. */
  endpoints?: KnownEndpoints | null;
}

/** The facts the shell checks read. A group is `null` when its input was not given or not readable. */
export interface StaticFacts {
  inputs: { dockerfile: string | null; manifests: string[] };
  baseImage: DockerfileAnalysis['baseImage'];
  /** The final stage's `USER`, when set. */
  user: string | null;
  stages: DockerfileAnalysis['stages'];
  manifestSummary: { podSpecs: number; containers: number } | null;
  /** `null` when no file was given: nothing was read, so nothing could fail to be. */
  unreadable: FindingGroup | null;
  [group: string]: unknown;
}

const relative = (abs: string): string => path.relative(process.cwd(), abs) || abs;

function unreadable(file: string, reason: string): Finding {
  return { kind: 'unreadable', file, line: 1, text: reason };
}

export function analyzeStatic(inputs: StaticInputs): StaticFacts {
  const show = inputs.display ?? relative;
  const findings: Finding[] = [];
  let docker: DockerfileAnalysis | null = null;
  if (inputs.dockerfile) {
    const read = readInput(inputs.dockerfile);
    if (read.ok) docker = analyzeDockerfile({ file: show(inputs.dockerfile), text: read.text, contextDir: path.dirname(inputs.dockerfile) });
    else findings.push(unreadable(show(inputs.dockerfile), read.reason));
    if (docker) findings.push(...docker.findings);
  }
  let summary = null as StaticFacts['manifestSummary'];
  for (const file of inputs.manifests ?? []) {
    const read = readInput(file);
    if (!read.ok) {
      findings.push(unreadable(show(file), read.reason));
      continue;
    }
    const m = analyzeManifest(show(file), read.text, inputs.endpoints ?? null);
    findings.push(...m.findings);
    summary = { podSpecs: (summary?.podSpecs ?? 0) + m.podSpecs, containers: (summary?.containers ?? 0) + m.containers };
  }
  const facts: StaticFacts = {
    inputs: { dockerfile: inputs.dockerfile ? show(inputs.dockerfile) : null, manifests: (inputs.manifests ?? []).map(show) },
    baseImage: docker?.baseImage ?? null,
    user: docker?.user ?? null,
    stages: docker?.stages ?? [],
    manifestSummary: summary,
    unreadable: inputs.dockerfile || (inputs.manifests ?? []).length > 0 ? group(findings, 'unreadable') : null,
  };
  // A Dockerfile without FROM yields no base image: its checks cannot be judged.
  const dockerJudged = docker !== null && docker.baseImage !== null;
  for (const kind of DOCKERFILE_KINDS) facts[kind] = dockerJudged ? group(findings, kind) : null;
  // Manifests with no pod spec at all (a Service, a ConfigMap) have nothing to judge.
  for (const kind of MANIFEST_KINDS) facts[kind] = summary && summary.podSpecs > 0 ? group(findings, kind) : null;
  return facts;
}
