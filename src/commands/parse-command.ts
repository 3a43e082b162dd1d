/**
 * Parses a command's arguments against its spec (`node:util` parseArgs, strict), so an
 * unknown flag is a usage error that names the closest known one (`--targett` → did you
 * mean --target?), and a list flag (`--manifests a.yaml b.yaml`) takes the words after it.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { closest } from '../did-you-mean';
import { DistroreadyError } from '../errors';
import type { CommandSpec } from './command-specs';

export interface ParsedCommand {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  help: boolean;
}

function parserOptions(spec: CommandSpec): NonNullable<ParseArgsConfig['options']> {
  const options: NonNullable<ParseArgsConfig['options']> = { help: { type: 'boolean', short: 'h' } };
  for (const o of spec.options) options[o.name] = { type: o.type, ...(o.multiple ? { multiple: true } : {}), ...(o.short ? { short: o.short } : {}) };
  return options;
}

/** The flag a parse error is about: `--targett` from "Unknown option '--targett'". */
function unknownFlag(err: unknown): string | undefined {
  if ((err as { code?: string }).code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return undefined;
  return /'(-[^']+)'/.exec((err as Error).message)?.[1];
}

/** A parseArgs error as a usage error; an unknown flag names the closest known one. */
export function usageError(spec: CommandSpec, err: unknown): DistroreadyError {
  const flag = unknownFlag(err);
  if (flag) {
    const name = flag.replace(/^-+/, '').split('=')[0]!;
    const guess = closest(name, [...spec.options.map((o) => o.name), 'help']);
    const hint = guess ? `; did you mean --${guess}?` : '';
    return new DistroreadyError('USAGE', `${spec.name}: unknown option ${flag}${hint} (distroready ${spec.name} --help lists them)`);
  }
  const message = (err as Error).message.replace(/\. To specify an option argument starting with a dash use '--foo=-XYZ'\.$/, '');
  return new DistroreadyError('USAGE', `${spec.name}: ${message} (distroready ${spec.name} --help lists the options)`);
}

export function parseCommand(spec: CommandSpec, args: readonly string[]): ParsedCommand {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...args], options: parserOptions(spec), strict: true, allowPositionals: true, tokens: true });
  } catch (err) {
    throw usageError(spec, err);
  }
  const values = { ...parsed.values } as ParsedCommand['values'];
  const positionals: string[] = [];
  // A list flag's values are rebuilt in command-line order: its own value, then the words
  // right after it; any other word is an operand.
  const lists = new Map<string, string[]>();
  let list: string | undefined;
  for (const token of parsed.tokens ?? []) {
    if (token.kind === 'option') {
      const takesList = spec.options.find((o) => o.name === token.name)?.takesList ?? false;
      if (takesList) lists.set(token.name, [...(lists.get(token.name) ?? []), token.value ?? '']);
      list = takesList && token.inlineValue !== true ? token.name : undefined;
    } else if (token.kind === 'positional') {
      if (list) lists.get(list)!.push(token.value);
      else positionals.push(token.value);
    } else list = undefined;
  }
  for (const [name, items] of lists) values[name] = items;
  if (positionals.length > 0 && !spec.operands) {
    throw new DistroreadyError('USAGE', `${spec.name}: unexpected argument "${positionals[0]}" (distroready ${spec.name} --help lists the options)`);
  }
  return { values, positionals, help: values.help === true };
}
