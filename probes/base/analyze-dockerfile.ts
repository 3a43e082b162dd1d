/**
 * The Dockerfile side of the base probe: the final stage's tier and contents, the stack,
 * and — when no process was read — the variant the stack implies, said to rest on the
 * Dockerfile alone. Then the proposed Dockerfile, from whichever recommendation stands.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { Static } from '@sinclair/typebox';
import { readInput } from '../shell/read-input';
import type { DockerfileFacts, RecommendedFacts } from './facts-schema';
import { finalStage, type FinalStage } from './dockerfile/final-stage';
import { stackOf, versionFromImage, type Stack } from './dockerfile/stack';
import { imageFor } from './recommend/image-names';
import type { RuntimeName } from './proc/runtime';
import { VARIANT_SPECS, type Variant } from './recommend/variants';
import { toRecommended } from './analyze-process';

export interface DockerfileAnalysis {
  facts: Static<typeof DockerfileFacts>;
  final: FinalStage | null;
  stack: Stack;
  contextDir: string;
}

const STACK_VARIANT: Record<Stack, Variant | null> = { node: 'nodejs', python: 'python3', java: 'java', go: 'static', native: null };
const STACK_RUNTIME: Partial<Record<Stack, RuntimeName>> = { node: 'node', python: 'python3', java: 'java' };

export function analyzeDockerfile(file: string, display: string, runtime: RuntimeName | null, go: boolean): DockerfileAnalysis {
  const read = readInput(file);
  const final = read.ok ? finalStage(read.text) : null;
  const { stack, why } = stackOf(final, runtime, go);
  const evidence = final
    ? [
        `${display}:${final.line}: final stage FROM ${final.from} — ${final.tier ? `tier ${final.tier}, ` : ''}${final.sizeNote}`,
        ...final.installs.map((x) => `${display}:${x.line}: installs with ${x.manager}: ${x.packages.join(' ') || '(dependencies)'}`),
        ...final.copies.map((c) => `${display}:${c.line}: COPY ${c.sources.join(' ')} → ${c.dest}${c.from === 'context' ? '' : ` (from ${c.from})`}`),
      ]
    : [];
  const error = !read.ok ? read.reason : final ? null : 'no FROM: not a Dockerfile the base probe can judge';
  const facts = {
    file: display,
    error,
    finalStage: final
      ? { from: final.from, line: final.line, tier: final.tier, tierName: final.tierName, sizeNote: final.sizeNote, copies: final.copies, installs: final.installs, command: final.command }
      : null,
    stack,
    stackWhy: why,
    locations: final ? [{ file: display, line: final.line }] : [],
    evidence: evidence.slice(0, 50),
  };
  return { facts, final, stack, contextDir: path.dirname(file) };
}

/** The recommendation a Dockerfile alone supports: the stack's image, nothing known about libraries. */
export function recommendFromDockerfile(a: DockerfileAnalysis): Static<typeof RecommendedFacts> {
  const variant = STACK_VARIANT[a.stack];
  const reasons = [`${a.facts.stackWhy} → ${variant ?? 'no variant'} (from the Dockerfile alone: run the workload, or point base.pid at it, to read what it really loads)`];
  if (!variant) {
    return toRecommended({ variant: null, image: null, debugImage: null, chainguard: null, copy: [], copyLines: [], reasons: [...reasons, 'a native program: which variant depends on the libraries it links, which only its binary tells'] }, 'dockerfile');
  }
  const name = STACK_RUNTIME[a.stack];
  const version = a.final ? versionFromImage(a.final.from, a.stack) : null;
  const runtime = name ? { name, version, versionSource: null, recognisedBy: 'the Dockerfile' } : null;
  const image = imageFor(variant, runtime);
  if (image.note) reasons.push(image.note);
  if (a.stack === 'go') reasons.push('a Go build with CGO_ENABLED=0 (as proposed) is static; with cgo it needs base');
  return toRecommended({ variant, image: image.image, debugImage: image.debugImage, chainguard: VARIANT_SPECS[variant].chainguard, copy: [], copyLines: [], reasons }, 'dockerfile');
}

export const contextHas = (dir: string) => ({ has: (f: string): boolean => existsSync(path.join(dir, f)) });
