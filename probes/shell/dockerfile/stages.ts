/**
 * Build stages of a parsed Dockerfile, with variables scoped the way the Docker builder
 * scopes them: an `ARG` before the first `FROM` is visible in `FROM` lines only, until a
 * stage declares it again (`ARG NAME` takes the global default); `ENV` values are expanded
 * with the `ARG`s and `ENV`s in scope and override an `ARG` of the same name; a stage built
 * `FROM` an earlier stage inherits its `ENV` (not its `ARG`s) and `WORKDIR`. The final image
 * is the last stage together with the stages it is built `FROM`.
 */
import { substitute, type Env } from '../script/expand';
import { splitFlags, type Instruction } from './parse';

export interface Stage {
  index: number;
  /** `AS name`, lower-cased (stage names are case-insensitive). */
  name: string | null;
  /** The base as written, and after `ARG` substitution. */
  rawFrom: string;
  from: string;
  /** `false` when an `ARG` in `FROM` has no default (a build arg we cannot know). */
  resolved: boolean;
  line: number;
  instructions: StageInstruction[];
  /** The earlier stage this one is built on, when `FROM` names one. */
  parent: Stage | null;
  /** Stages (or images) its `COPY --from` reads, with lines. */
  copiesFrom: { source: string; line: number }[];
  /** The environment at the end of the stage: what its container starts with. */
  env: Map<string, string>;
  /** Ports `EXPOSE`d in this stage and the stages under it. */
  exposed: number[];
}

/** An instruction with the variables and working directory in force where it stands. */
export interface StageInstruction extends Instruction {
  /** Args with `$VAR` expanded, for the instructions Docker expands (COPY, ADD, WORKDIR, …). */
  expanded: string;
  workdir: string;
  /** The build-time variables (ARG and ENV) a RUN sees, or the run-time ENV a CMD or HEALTHCHECK sees. */
  vars: Env | null;
}

/** Instructions whose arguments the builder expands (Dockerfile reference, "Environment replacement"). */
/** Instructions that run something, and so see variables as environment. */
const RUNS = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'HEALTHCHECK']);
const EXPANDED = new Set(['ADD', 'COPY', 'ENV', 'EXPOSE', 'FROM', 'LABEL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR', 'ONBUILD']);

/** `ARG A=1 B="two" C` → defaults (undefined when there is none). */
export function argDefaults(args: string): [string, string | undefined][] {
  const out: [string, string | undefined][] = [];
  for (const m of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)(?:=("([^"]*)"|'([^']*)'|\S*))?/g)) {
    const value = m[2] === undefined ? undefined : (m[3] ?? m[4] ?? m[2]);
    out.push([m[1]!, value]);
  }
  return out;
}

/** `ENV A=1 B="x y"` or the legacy `ENV A 1 2` → pairs, values unquoted. */
export function envPairs(args: string): [string, string][] {
  const legacy = /^([A-Za-z_][A-Za-z0-9_]*)\s+(?!\S*=)(.*)$/.exec(args);
  if (legacy && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(args)) return [[legacy[1]!, legacy[2]!.trim()]];
  const out: [string, string][] = [];
  for (const m of args.matchAll(/([A-Za-z_][A-Za-z0-9_.-]*)=("((?:[^"\\]|\\.)*)"|'([^']*)'|((?:[^\s\\]|\\.)*))/g)) {
    out.push([m[1]!, m[3] ?? m[4] ?? (m[5] ?? '').replace(/\\(.)/g, '$1')]);
  }
  return out;
}

export { substitute };

interface Scope {
  args: Map<string, string | undefined>;
  env: Map<string, string>;
  workdir: string;
}

function vars(scope: Scope): Env {
  const all = new Map<string, string | undefined>(scope.args);
  for (const [k, v] of scope.env) all.set(k, v);
  return all;
}

function resolvePath(workdir: string, p: string): string {
  if (p.startsWith('/')) return p;
  return `${workdir.replace(/\/$/, '')}/${p}`.replace(/\/\.(\/|$)/g, '/').replace(/\/+/g, '/');
}

function apply(ins: Instruction, scope: Scope, globals: Map<string, string | undefined>, exposed: number[]): StageInstruction {
  const expanded = EXPANDED.has(ins.keyword) ? substitute(ins.args, vars(scope)).value : ins.args;
  if (ins.keyword === 'ARG') {
    for (const [k, v] of argDefaults(ins.args)) scope.args.set(k, v === undefined ? globals.get(k) : substitute(v, vars(scope)).value);
  } else if (ins.keyword === 'ENV') {
    for (const [k, v] of envPairs(ins.args)) scope.env.set(k, substitute(v, vars(scope)).value);
  } else if (ins.keyword === 'WORKDIR') {
    scope.workdir = resolvePath(scope.workdir, expanded.trim());
  } else if (ins.keyword === 'EXPOSE') {
    for (const m of expanded.matchAll(/(?:^|\s)(\d{1,5})(?:\/(?:tcp))?(?=\s|$)/g)) exposed.push(Number(m[1]));
  }
  // RUN sees ARGs and ENVs at build time; a container (CMD, HEALTHCHECK) only the ENVs.
  const seen = ins.keyword === 'RUN' ? vars(scope) : RUNS.has(ins.keyword) ? new Map(scope.env) : null;
  return { ...ins, expanded, workdir: scope.workdir, vars: seen };
}

export function buildStages(instructions: Instruction[]): Stage[] {
  const globals = new Map<string, string | undefined>();
  const stages: Stage[] = [];
  const byName = new Map<string, Stage>();
  let scope: Scope = { args: new Map(), env: new Map(), workdir: '/' };
  for (const ins of instructions) {
    if (ins.keyword === 'ARG' && stages.length === 0) {
      for (const [k, v] of argDefaults(ins.args)) globals.set(k, v === undefined ? undefined : substitute(v, globals).value);
      continue;
    }
    if (ins.keyword === 'FROM') {
      const { rest } = splitFlags(ins.args);
      const m = /^(\S+)(?:\s+as\s+(\S+))?/i.exec(rest);
      const rawFrom = m?.[1] ?? '';
      const { value, resolved } = substitute(rawFrom, globals);
      const parent = byName.get(value.toLowerCase()) ?? null;
      scope = { args: new Map(), env: new Map(parent?.env ?? []), workdir: parent ? (parent.instructions.at(-1)?.workdir ?? '/') : '/' };
      const stage: Stage = {
        index: stages.length, name: m?.[2]?.toLowerCase() ?? null, rawFrom, from: value, resolved,
        line: ins.line, instructions: [], parent, copiesFrom: [], env: scope.env, exposed: [...(parent?.exposed ?? [])],
      };
      stages.push(stage);
      // A later stage of the same name shadows an earlier one, as in the builder.
      if (stage.name) byName.set(stage.name, stage);
      continue;
    }
    const stage = stages[stages.length - 1];
    if (!stage) continue;
    stage.instructions.push(apply(ins, scope, globals, stage.exposed));
    if (ins.keyword === 'COPY' || ins.keyword === 'ADD') {
      const from = splitFlags(ins.args).flags.from;
      if (from) stage.copiesFrom.push({ source: from, line: ins.line });
    }
  }
  return stages;
}

/** The final stage and the stages under it, root first: what the shipped image is made of. */
export function finalChain(stages: Stage[]): Stage[] {
  const chain: Stage[] = [];
  for (let s: Stage | null = stages[stages.length - 1] ?? null; s && chain.length < stages.length; s = s.parent) chain.unshift(s);
  return chain;
}

/** The stage a `COPY --from=` names: a stage name or index; `null` for an external image. */
export function stageNamed(stages: Stage[], ref: string, before: number): Stage | null {
  const byIndex = /^\d+$/.test(ref) ? stages[Number(ref)] : undefined;
  const found = byIndex ?? stages.find((s) => s.name === ref.toLowerCase());
  return found && found.index < before ? found : null;
}

export { resolvePath };
