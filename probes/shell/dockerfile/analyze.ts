/**
 * What the final image of a Dockerfile needs a shell for: its command, its entrypoint
 * script, its HEALTHCHECK, the tools it leaves installed, the user it runs as, and its base.
 */
import type { Finding } from '../findings';
import { loadShellParser } from '../script/shell-parser';
import { commentDirective, type Directive } from '../suppressions';
import { commandFindings, healthcheckFinding, last, type CommandContext } from './command-findings';
import { classifyImage, type BaseImage } from './image-tier';
import { installedPackages } from './packages';
import { parseDockerfile, type ParsedDockerfile } from './parse';
import type { ContextReads } from './script-kind';
import { buildStages, finalChain, type Stage, type StageInstruction } from './stages';

export interface DockerfileAnalysis {
  findings: Finding[];
  /** `null` when the file has no `FROM`. */
  baseImage: (BaseImage & { line: number; resolved: boolean; stages: number }) | null;
  user: string | null;
  /** Every build stage, for the report: what it builds on and what it copies from. */
  stages: StageSummary[];
  /** Ports the final image EXPOSEs. */
  exposed: number[];
  /** Files read from the build context (shebangs), and bytes. */
  contextReads: ContextReads;
}

/** Go/Jinja `{{ … }}` and `%%PLACEHOLDER%%` (docker-library, nginx) template markers. */
const TEMPLATE = /\{\{[^\n]{0,200}?\}\}|\{%[^\n]{0,200}?%\}|%%[A-Z][A-Z0-9_]*%%/;

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
  /** The build context (the Dockerfile's directory), to read the shebang of copied scripts; `null` to skip. */
  contextDir: string | null;
  /** The Dockerfile reader; default: ours (`bench/dockerfile-readers.ts` weighs another against it). */
  parse?: (text: string) => ParsedDockerfile;
}

function userFinding(file: string, all: StageInstruction[], finalStage: Stage, base: BaseImage, directives: CommandContext['directives']): { finding: Finding | null; user: string | null } {
  const ins = last(all, 'USER');
  const user = ins ? (ins.expanded.split(/\s+/)[0] ?? '') : null;
  if (ins && !/^(root|0)(:.*)?$/.test(user!)) return { finding: null, user };
  if (!ins && base.nonRootByDefault) return { finding: null, user: null };
  const line = ins?.line ?? finalStage.line;
  const text = ins ? `USER ${user}: the container runs as root` : `no USER in the final stage and ${base.ref} does not default to non-root: the container runs as root`;
  const fix = ins ? { endLine: ins.endLine ?? ins.line, text: 'USER 65532:65532' } : undefined;
  return { finding: { kind: 'runsAsRoot', file, line, text, patch: 'USER 65532:65532', ...(fix ? { fix } : {}), directives: directives(ins) }, user };
}

function debugFinding(file: string, base: BaseImage, line: number, directives: Directive[]): Finding | null {
  if (base.tier === null || base.tier < 4 || base.debugVariant) return null;
  const why = base.tier === 5 ? 'scratch has no debug variant' : `no known debug variant of ${base.ref}`;
  return { kind: 'noDebugVariant', file, line, text: `${why}: plan incident response with kubectl debug (ephemeral containers)`, directives };
}

function installFindings(file: string, all: StageInstruction[], directives: CommandContext['directives']): Finding[] {
  return installedPackages(all.filter((i) => i.keyword === 'RUN')).map(({ packages, manager, ins }) => ({
    kind: 'runtimeInstalls',
    file,
    line: ins.line,
    text: `RUN installs ${packages.slice(0, 20).join(' ')}${packages.length > 20 ? ` (+${packages.length - 20})` : ''} with ${manager}, still in the final image`,
    directives: directives(ins),
  }));
}

/** `# distroready ignore=…` comments right above an instruction (or its stage's FROM). */
function directivesFor(file: string): CommandContext['directives'] {
  return (ins) => {
    const comments = ins?.comments ?? [];
    return comments.map((c, k) => commentDirective(c, `${file}:${ins!.line - comments.length + k}`)).filter((d): d is Directive => d !== null);
  };
}

export async function analyzeDockerfile(input: DockerfileInput): Promise<DockerfileAnalysis> {
  await loadShellParser();
  return analyzeDockerfileText(input);
}

/** The analysis itself; the shell parser must be loaded (`analyzeDockerfile` does that). */
export function analyzeDockerfileText(input: DockerfileInput): DockerfileAnalysis {
  const reads: ContextReads = { files: 0, bytes: 0 };
  const template = TEMPLATE.exec(input.text);
  if (template) {
    // docker-library and nginx generate their Dockerfiles from templates: judge the output, not the source.
    const line = input.text.slice(0, template.index).split('\n').length;
    const text = `an unrendered Dockerfile template (${template[0].slice(0, 40)}): render it and lint the generated Dockerfile`;
    return { findings: [{ kind: 'unreadable', file: input.file, line, text }], baseImage: null, user: null, stages: [], exposed: [], contextReads: reads };
  }
  const parsed = (input.parse ?? parseDockerfile)(input.text);
  const findings: Finding[] = parsed.errors.map((e) => ({ kind: 'unreadable', file: input.file, line: e.line, text: e.message }));
  const stages = buildStages(parsed.instructions);
  const chain = finalChain(stages);
  const finalStage = chain[chain.length - 1];
  if (!finalStage) {
    findings.push({ kind: 'unreadable', file: input.file, line: 1, text: 'no FROM instruction: not a Dockerfile' });
    return { findings, baseImage: null, user: null, stages: [], exposed: [], contextReads: reads };
  }
  const root = chain[0]!;
  const base = classifyImage(root.from);
  const all = chain.flatMap((s) => s.instructions);
  const fromIns = parsed.instructions.find((i) => i.keyword === 'FROM' && i.line === root.line);
  const directives = directivesFor(input.file);
  const fromDirectives = fromIns ? directives({ ...fromIns, expanded: fromIns.args, workdir: '/', vars: null }) : [];
  const ctx: CommandContext = { file: input.file, contextDir: input.contextDir, stages, final: finalStage, all, reads, directives };
  findings.push(...commandFindings(ctx));
  const health = healthcheckFinding(ctx);
  if (health) findings.push(health);
  findings.push(...installFindings(input.file, all, directives));
  const { finding: rootUser, user } = userFinding(input.file, all, finalStage, base, (ins) => (ins ? directives(ins) : fromDirectives));
  if (rootUser) findings.push(rootUser);
  const debug = debugFinding(input.file, base, root.line, fromDirectives);
  if (debug) findings.push(debug);
  const summary = stages.map((s) => ({ name: s.name, from: s.from, line: s.line, final: chain.includes(s), copiesFrom: s.copiesFrom.map((c) => c.source) }));
  return { findings, baseImage: { ...base, line: root.line, resolved: root.resolved, stages: stages.length }, user, stages: summary, exposed: finalStage.exposed, contextReads: reads };
}
