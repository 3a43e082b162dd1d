/**
 * What the final image of a Dockerfile needs a shell for: its command, its entrypoint
 * script, its HEALTHCHECK, the tools it installs, the user it runs as, and its base.
 */
import { classifyArgv, plainCommand, showArgv, toolsInScript, type CommandInfo } from '../commands';
import { proposeProbe } from '../manifests/proposals';
import type { Finding } from '../findings';
import { classifyImage, type BaseImage } from './image-tier';
import { execForm, parseDockerfile, splitFlags, type Instruction } from './parse';
import { buildStages, finalChain, type Stage } from './stages';
import { scriptShebang } from './script-shebang';

export interface DockerfileAnalysis {
  findings: Finding[];
  /** `null` when the file has no `FROM`. */
  baseImage: (BaseImage & { line: number; resolved: boolean; stages: number }) | null;
  user: string | null;
  /** Every build stage, for the report: what it builds on and what it copies from. */
  stages: StageSummary[];
}

export interface StageSummary {
  name: string | null;
  from: string;
  line: number;
  /** Part of the shipped image (the final stage and the stages it is built on). */
  final: boolean;
  copiesFrom: string[];
}

export interface DockerfileInput {
  /** How the file is named in findings (relative to the working directory). */
  file: string;
  text: string;
  /** The build context, to read the shebang of copied scripts; `null` to skip. */
  contextDir: string | null;
}

function last(instructions: Instruction[], keyword: string): Instruction | undefined {
  for (let i = instructions.length - 1; i >= 0; i--) if (instructions[i]!.keyword === keyword) return instructions[i];
  return undefined;
}

function commandFindings(input: DockerfileInput, all: Instruction[], chain: Stage[]): Finding[] {
  const out: Finding[] = [];
  const entrypoint = last(all, 'ENTRYPOINT');
  const cmd = last(all, 'CMD');
  for (const ins of [entrypoint, cmd]) {
    if (!ins) continue;
    const argv = execForm(ins.args);
    if (argv === null) {
      const plain = plainCommand(ins.args);
      out.push({
        kind: 'shellForm', file: input.file, line: ins.line,
        text: `${ins.keyword} ${clip(ins.args)} is shell form: Docker runs it as /bin/sh -c, and a distroless image has no /bin/sh`,
        patch: plain ? `${ins.keyword} ${JSON.stringify(plain)}` : undefined,
      });
      continue;
    }
    // CMD only names a program when no ENTRYPOINT does; otherwise it is the entrypoint's arguments.
    if (ins === cmd && entrypoint) continue;
    const info = classifyArgv(argv);
    if (info.kind === 'shell' || info.kind === 'tool') {
      const plain = info.script !== null ? plainCommand(info.script) : null;
      out.push({
        kind: 'shellForm', file: input.file, line: ins.line,
        text: `${ins.keyword} runs ${showArgv(argv)}: needs ${info.program}, which a distroless image does not have`,
        patch: plain ? `${ins.keyword} ${JSON.stringify(plain)}` : undefined,
      });
      continue;
    }
    const shebang = info.kind === 'script' ? null : scriptShebang(info.argv[0] ?? '', chain, input.contextDir);
    if (info.kind === 'script' || shebang) {
      out.push({
        kind: 'entrypointScript', file: input.file, line: ins.line,
        text: `${ins.keyword} runs the script ${info.argv[0]}${shebang ? ` (${shebang})` : ''}: a shell script needs a shell to run`,
      });
    }
  }
  return out;
}

/** `HEALTHCHECK NONE`, plus the Kubernetes probe that checks what the old command checked. */
function healthcheckPatch(info: CommandInfo): string {
  const { handler } = proposeProbe('livenessProbe', info, null, null);
  const probe = handler ? Object.fromEntries(Object.entries(handler).filter(([k]) => k !== 'exec')) : null;
  const hint = probe ? `\n# Kubernetes ignores HEALTHCHECK; probe the same thing with:\n#   livenessProbe: ${JSON.stringify(probe)}` : '';
  return `HEALTHCHECK NONE${hint}`;
}

function healthcheckFinding(input: DockerfileInput, all: Instruction[]): Finding | null {
  const ins = last(all, 'HEALTHCHECK');
  if (!ins || /^NONE\b/i.test(ins.args)) return null;
  const rest = splitFlags(ins.args).rest.replace(/^CMD\s+/i, '');
  const argv = execForm(rest);
  if (argv === null) {
    const tools = toolsInScript(rest);
    const text = `HEALTHCHECK CMD ${clip(rest)} is CMD-SHELL (runs /bin/sh -c)${tools.length ? ` and calls ${tools.join(', ')}` : ''}`;
    return { kind: 'healthcheck', file: input.file, line: ins.line, text, patch: healthcheckPatch(classifyArgv(['sh', '-c', rest])) };
  }
  const info = classifyArgv(argv);
  if (info.kind === 'binary') return null;
  const text = `HEALTHCHECK runs ${showArgv(argv)}: needs ${info.program}, which a distroless image does not have`;
  return { kind: 'healthcheck', file: input.file, line: ins.line, text, patch: healthcheckPatch(info) };
}

const INSTALL = /\b(apt-get|apt|aptitude|apk|yum|dnf|microdnf|tdnf|zypper)\s+((?:-\S+\s+)*)(install|add)\s+([^;&|\n]*)/g;

function installFindings(input: DockerfileInput, all: Instruction[]): Finding[] {
  const out: Finding[] = [];
  for (const ins of all.filter((i) => i.keyword === 'RUN')) {
    const script = [ins.args, ...ins.heredocs.map((h) => h.body)].join('\n').slice(0, 64 * 1024);
    for (const m of script.matchAll(INSTALL)) {
      const packages = m[4]!.split(/\s+/).filter((w) => w && !w.startsWith('-') && w !== '\\').slice(0, 20);
      out.push({ kind: 'runtimeInstalls', file: input.file, line: ins.line, text: `RUN installs ${packages.join(' ') || 'packages'} with ${m[1]} into the final image` });
    }
  }
  return out;
}

function userFinding(input: DockerfileInput, all: Instruction[], finalStage: Stage, base: BaseImage): { finding: Finding | null; user: string | null } {
  const ins = last(all, 'USER');
  const user = ins ? (ins.args.split(/\s+/)[0] ?? '') : null;
  if (ins && !/^(root|0)(:.*)?$/.test(user!)) return { finding: null, user };
  if (!ins && base.nonRootByDefault) return { finding: null, user: null };
  const line = ins?.line ?? finalStage.line;
  const text = ins ? `USER ${user}: the container runs as root` : `no USER in the final stage and ${base.ref} does not default to non-root: the container runs as root`;
  return { finding: { kind: 'runsAsRoot', file: input.file, line, text, patch: 'USER 65532:65532' }, user };
}

function debugFinding(input: DockerfileInput, base: BaseImage, line: number): Finding | null {
  if (base.tier === null || base.tier < 4 || base.debugVariant) return null;
  const why = base.tier === 5 ? 'scratch has no debug variant' : `no known debug variant of ${base.ref}`;
  return { kind: 'noDebugVariant', file: input.file, line, text: `${why}: plan incident response with kubectl debug (ephemeral containers)` };
}

export function analyzeDockerfile(input: DockerfileInput): DockerfileAnalysis {
  const parsed = parseDockerfile(input.text);
  const findings: Finding[] = parsed.errors.map((e) => ({ kind: 'unreadable', file: input.file, line: e.line, text: e.message }));
  const stages = buildStages(parsed.instructions);
  const chain = finalChain(stages);
  const finalStage = chain[chain.length - 1];
  if (!finalStage) {
    findings.push({ kind: 'unreadable', file: input.file, line: 1, text: 'no FROM instruction: not a Dockerfile' });
    return { findings, baseImage: null, user: null, stages: [] };
  }
  const root = chain[0]!;
  const base = classifyImage(root.from);
  const all = chain.flatMap((s) => s.instructions);
  findings.push(...commandFindings(input, all, chain));
  const health = healthcheckFinding(input, all);
  if (health) findings.push(health);
  findings.push(...installFindings(input, all));
  const { finding: rootUser, user } = userFinding(input, all, finalStage, base);
  if (rootUser) findings.push(rootUser);
  const debug = debugFinding(input, base, root.line);
  if (debug) findings.push(debug);
  const summary = stages.map((s) => ({ name: s.name, from: s.from, line: s.line, final: chain.includes(s), copiesFrom: s.copiesFrom.map((c) => c.source) }));
  return { findings, baseImage: { ...base, line: root.line, resolved: root.resolved, stages: stages.length }, user, stages: summary };
}

function clip(text: string): string {
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}
