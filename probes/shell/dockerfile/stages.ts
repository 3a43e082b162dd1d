/**
 * Build stages of a parsed Dockerfile: `FROM` with global `ARG` substitution, stage names,
 * stages built on earlier stages, and `COPY --from`. The final image is the last stage
 * together with the stages it is built `FROM`.
 */
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
  instructions: Instruction[];
  /** The earlier stage this one is built on, when `FROM` names one. */
  parent: Stage | null;
  /** Stages (or images) its `COPY --from` reads, with lines. */
  copiesFrom: { source: string; line: number }[];
}

/** `ARG A=1 B="two" C` → defaults (undefined when there is none). */
export function argDefaults(args: string): [string, string | undefined][] {
  const out: [string, string | undefined][] = [];
  for (const m of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)(?:=("([^"]*)"|'([^']*)'|\S*))?/g)) {
    const value = m[2] === undefined ? undefined : (m[3] ?? m[4] ?? m[2]);
    out.push([m[1]!, value]);
  }
  return out;
}

/**
 * Substitutes `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}` and `${VAR:+alt}`.
 * Unknown variables leave `resolved` false, as the real value comes from `--build-arg`.
 */
export function substitute(text: string, vars: ReadonlyMap<string, string | undefined>): { value: string; resolved: boolean } {
  let resolved = true;
  const value = text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_m, braced: string | undefined, op: string | undefined, word: string | undefined, bare: string | undefined) => {
    const name = braced ?? bare!;
    const v = vars.get(name);
    const set = v !== undefined && (op?.startsWith(':') ? v !== '' : true);
    if (op?.endsWith('-')) return set ? v! : word!;
    if (op?.endsWith('+')) return set ? word! : '';
    if (v === undefined) resolved = false;
    return v ?? '';
  });
  return { value, resolved };
}

export function buildStages(instructions: Instruction[]): Stage[] {
  const globals = new Map<string, string | undefined>();
  const stages: Stage[] = [];
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
      const parent = stages.find((s) => s.name !== null && s.name === value.toLowerCase()) ?? null;
      stages.push({
        index: stages.length, name: m?.[2]?.toLowerCase() ?? null, rawFrom, from: value, resolved,
        line: ins.line, instructions: [], parent, copiesFrom: [],
      });
      continue;
    }
    const stage = stages[stages.length - 1];
    if (!stage) continue;
    stage.instructions.push(ins);
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
