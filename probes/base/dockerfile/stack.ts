/**
 * Which of the common stacks a workload is — Node, Python, Go, Java, or a native program —
 * from the runtime seen in the process when there is one, else from the Dockerfile (its
 * command, its base image, the runtime packages it installs, `go build`).
 */
import { basename } from '../../shell/commands';
import type { RuntimeName } from '../proc/runtime';
import type { FinalStage } from './final-stage';

export const STACKS = ['node', 'python', 'go', 'java', 'native'] as const;
export type Stack = (typeof STACKS)[number];

const FROM_RUNTIME: Partial<Record<RuntimeName, Stack>> = { node: 'node', python3: 'python', java: 'java' };

const BY_PROGRAM: [RegExp, Stack][] = [
  [/^(node|nodejs)$/, 'node'],
  [/^python(3(\.\d+)?)?$/, 'python'],
  [/^java$/, 'java'],
];
const BY_IMAGE: [RegExp, Stack][] = [
  [/(^|\/)node(:|$)/, 'node'],
  [/(^|\/)python(:|$)/, 'python'],
  [/(^|\/)golang(:|$)/, 'go'],
  [/(^|\/)(openjdk|eclipse-temurin|amazoncorretto|maven|gradle|ibm-semeru-runtimes)(:|$)/, 'java'],
];
const BY_PACKAGE: [RegExp, Stack][] = [
  [/^(nodejs|npm)$/, 'node'],
  [/^python3?(\.\d+)?(-pip)?$/, 'python'],
  [/^(openjdk-\d+-jre(-headless)?|openjdk-\d+-jdk(-headless)?|default-jre(-headless)?)$/, 'java'],
  [/^golang(-go)?$/, 'go'],
];

export function stackOf(final: FinalStage | null, runtime: RuntimeName | null, go: boolean): { stack: Stack; why: string } {
  if (runtime && FROM_RUNTIME[runtime]) return { stack: FROM_RUNTIME[runtime]!, why: `the process is ${runtime}` };
  if (go) return { stack: 'go', why: 'the executable was built by the Go toolchain' };
  if (runtime) return { stack: 'native', why: `${runtime} has no distroless image: treated as a native program` };
  if (!final) return { stack: 'native', why: 'no runtime recognised' };
  const program = basename(final.command?.[0] ?? '');
  for (const [re, s] of BY_PROGRAM) if (re.test(program)) return { stack: s, why: `the image runs ${program}` };
  const built = final.buildSteps.some((i) => i.keyword === 'RUN' && /\bgo\s+build\b/.test(i.args));
  if (built) return { stack: 'go', why: 'the Dockerfile runs go build' };
  for (const [re, s] of BY_IMAGE) if (re.test(final.from)) return { stack: s, why: `the final stage is FROM ${final.from}` };
  for (const x of final.installs) {
    for (const p of x.packages) for (const [re, s] of BY_PACKAGE) if (re.test(p)) return { stack: s, why: `the Dockerfile installs ${p}` };
  }
  return { stack: 'native', why: 'no runtime recognised in the Dockerfile' };
}

/** The runtime version a base image's tag names (`node:20-slim` → 20, `python:3.11` → 3.11). */
export function versionFromImage(from: string, stack: Stack): string | null {
  const tag = /:([^@/]+)$/.exec(from.split('@')[0]!)?.[1];
  if (!tag) return null;
  if (stack === 'python') return /^(3\.\d+)/.exec(tag)?.[1] ?? null;
  if (stack === 'java') return (/(?:temurin|jdk|jre|corretto)-?(\d+)/.exec(tag) ?? /^(\d+)(?:[.-]|$)/.exec(tag))?.[1] ?? null;
  if (stack === 'node') return /^(?:[a-z]+-)?(\d+)(?:[.-]|$)/.exec(tag)?.[1] ?? null;
  return null;
}
