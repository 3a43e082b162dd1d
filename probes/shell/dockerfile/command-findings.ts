/**
 * What the final image runs: its ENTRYPOINT/CMD (shell form, a shell or tool in exec form,
 * or a shell script under any name) and its HEALTHCHECK (CMD-SHELL, curl, a script),
 * with the exec-form line or the Kubernetes probe that replaces it.
 */
import { classifyArgv, showArgv, toolsInScript, type CommandInfo } from '../commands';
import type { Finding } from '../findings';
import { proposeProbe } from '../manifests/proposals';
import { readScript } from '../script/read-script';
import { traceFile } from './origin';
import { execForm, splitFlags } from './parse';
import { scriptVerdict, type ContextReads } from './script-kind';
import { resolvePath, type Stage, type StageInstruction } from './stages';
import type { Directive } from '../suppressions';

export interface CommandContext {
  file: string;
  contextDir: string | null;
  stages: Stage[];
  final: Stage;
  all: StageInstruction[];
  reads: ContextReads;
  directives: (ins: StageInstruction | undefined) => Directive[];
}

export function last(all: StageInstruction[], keyword: string): StageInstruction | undefined {
  for (let i = all.length - 1; i >= 0; i--) if (all[i]!.keyword === keyword) return all[i];
  return undefined;
}

const clip = (text: string): string => (text.length > 120 ? `${text.slice(0, 120)}…` : text);
const execLine = (keyword: string, argv: string[]): string => `${keyword} [${argv.map((a) => JSON.stringify(a)).join(', ')}]`;

function finding(ctx: CommandContext, ins: StageInstruction, kind: Finding['kind'], text: string, fix?: string): Finding {
  return { kind, file: ctx.file, line: ins.line, text, ...(fix ? { patch: fix, fix: { endLine: ins.endLine ?? ins.line, text: fix } } : {}), directives: ctx.directives(ins) };
}

/** A shell script as the program, with why; null for a binary or when nothing says. */
function scriptOf(ctx: CommandContext, program: string, workdir: string): string | null {
  if (/\.(sh|bash)$/.test(program)) return `${program} is a shell script`;
  // `./bin/app` runs from WORKDIR; a bare name is looked up in PATH.
  const target = program.includes('/') ? resolvePath(workdir, program) : program;
  const verdict = scriptVerdict(program, traceFile(target, ctx.final, ctx.stages), ctx.contextDir, ctx.reads);
  return verdict?.why ?? null;
}

function commandFinding(ctx: CommandContext, ins: StageInstruction, isCmdAfterEntrypoint: boolean): Finding | null {
  const argv = execForm(ins.args);
  if (argv === null) {
    const plain = readScript(ins.args, ins.vars ?? undefined).plain;
    const text = `${ins.keyword} ${clip(ins.args)} is shell form: Docker runs it as /bin/sh -c, and a distroless image has no /bin/sh`;
    return finding(ctx, ins, 'shellForm', text, plain ? execLine(ins.keyword, plain) : undefined);
  }
  // CMD only names a program when no ENTRYPOINT does; otherwise it is the entrypoint's arguments.
  if (isCmdAfterEntrypoint) return null;
  const info = classifyArgv(argv);
  if (info.kind === 'shell' || info.kind === 'tool') {
    const plain = info.script !== null ? readScript(info.script, ins.vars ?? undefined).plain : null;
    const text = `${ins.keyword} runs ${showArgv(argv)}: needs ${info.program}, which a distroless image does not have`;
    return finding(ctx, ins, 'shellForm', text, plain ? execLine(ins.keyword, plain) : undefined);
  }
  const why = info.argv[0] ? scriptOf(ctx, info.argv[0], ins.workdir) : null;
  return why ? finding(ctx, ins, 'entrypointScript', `${ins.keyword} runs ${showArgv(info.argv.slice(0, 3))}: ${why}; a shell script needs a shell to run`) : null;
}

/** An ENTRYPOINT that is only an init wrapper (`tini --`, `dumb-init`) runs CMD as the program. */
function namesProgram(entrypoint: StageInstruction): boolean {
  const argv = execForm(entrypoint.args);
  return argv === null || classifyArgv(argv).argv.length > 0;
}

export function commandFindings(ctx: CommandContext): Finding[] {
  const entrypoint = last(ctx.all, 'ENTRYPOINT');
  const cmd = last(ctx.all, 'CMD');
  const out: Finding[] = [];
  for (const ins of [entrypoint, cmd]) {
    const f = ins ? commandFinding(ctx, ins, ins === cmd && entrypoint !== undefined && namesProgram(entrypoint)) : null;
    if (f) out.push(f);
  }
  return out;
}

/** `HEALTHCHECK NONE`, plus the Kubernetes probe that checks what the old command checked. */
function healthcheckFix(info: CommandInfo, port: number | null): string {
  const { handler } = proposeProbe('livenessProbe', info, port, null);
  const probe = handler ? Object.fromEntries(Object.entries(handler).filter(([k]) => k !== 'exec')) : null;
  return probe ? `HEALTHCHECK NONE\n# Kubernetes ignores HEALTHCHECK; probe the same thing with:\n#   livenessProbe: ${JSON.stringify(probe)}` : 'HEALTHCHECK NONE';
}

export function healthcheckFinding(ctx: CommandContext): Finding | null {
  const ins = last(ctx.all, 'HEALTHCHECK');
  if (!ins || /^NONE\b/i.test(ins.args)) return null;
  const rest = splitFlags(ins.args).rest.replace(/^CMD\s+/i, '');
  const argv = execForm(rest);
  const port = ctx.final.exposed[0] ?? null;
  if (argv === null) {
    // CMD-SHELL: the shell expands $VAR from the container's environment, the image's ENV.
    const reading = readScript(rest, ins.vars ?? undefined);
    const tools = toolsInScript(rest).slice(0, 6);
    const resolved = reading.commands.map((c) => c.argv.join(' ')).join(' ; ');
    const text = `HEALTHCHECK CMD ${clip(rest)} is CMD-SHELL (runs /bin/sh -c)${tools.length ? ` and calls ${tools.join(', ')}` : ''}`;
    return finding(ctx, ins, 'healthcheck', text, healthcheckFix(classifyArgv(['sh', '-c', resolved]), port));
  }
  const info = classifyArgv(argv);
  if (info.kind === 'binary') {
    const why = info.argv[0] ? scriptOf(ctx, info.argv[0], ins.workdir) : null;
    if (!why) return null;
    return finding(ctx, ins, 'healthcheck', `HEALTHCHECK runs ${showArgv(argv.slice(0, 3))}: ${why}; a shell script needs a shell to run`, healthcheckFix(info, port));
  }
  const text = `HEALTHCHECK runs ${showArgv(argv)}: needs ${info.program}, which a distroless image does not have`;
  return finding(ctx, ins, 'healthcheck', text, healthcheckFix(info, port));
}
