/**
 * Reads a shell script (an `sh -c` body, a shell-form CMD, a CMD-SHELL health check) with
 * a real parser: the commands it runs, with their words as the shell would pass them
 * (quotes removed, `$VAR` expanded from a known environment), and whether the whole script
 * is one plain command that exec form can run without a shell. Bounded: 16 KB of script,
 * 200 commands. The syntax is read once per script text (script-syntax.ts); only the
 * expansion of variables depends on `env`.
 */
import { expandVariable, type Env } from './expand';
import { scriptSyntax, type CommandSyntax, type Piece } from './script-syntax';

export interface ScriptCommand {
  /** The program as the shell resolves its name: `curl`, `/usr/bin/env`; `exec`/`command`/`nohup` skipped. */
  name: string;
  /** Every word, the name first; a word that is not literal keeps its source text. */
  argv: string[];
  /** All words are literal (no command substitution, unknown variable or glob). */
  literal: boolean;
  /** 1-based line within the script. */
  line: number;
}

export interface ScriptReading {
  commands: ScriptCommand[];
  /** The script as an exec-form argv, when it is one literal command with output redirections at most. */
  plain: string[] | null;
  /** The parser found a syntax error (the script is still read as far as it goes). */
  syntaxError: boolean;
  /** The script was longer than the parser is given, or had more nodes than are walked. */
  truncated: boolean;
}

/** Builtins and wrappers whose first argument is the program that runs. */
const PREFIXES = new Set(['exec', 'command', 'nohup', 'builtin']);
const NO_ENV: Env = new Map();

interface Word {
  value: string;
  literal: boolean;
}

function wordOf(pieces: readonly Piece[], env: Env): Word {
  let value = '';
  let literal = true;
  for (const p of pieces) {
    const w = 'variable' in p ? expandVariable(p.variable, env) : { value: p.text, literal: p.literal };
    value += w.value;
    literal &&= w.literal;
  }
  return { value, literal };
}

function commandOf(syntax: CommandSyntax, env: Env): ScriptCommand {
  const words = syntax.words.map((pieces) => wordOf(pieces, env));
  let start = 0;
  while (start < words.length - 1 && PREFIXES.has(words[start]!.value)) start++;
  const argv = words.map((w) => w.value);
  return { name: argv[start]!, argv: argv.slice(start), literal: words.every((w) => w.literal), line: syntax.line };
}

/** Reads `script`; `env` holds the variables known at run time (the image's ENV). */
export function readScript(script: string, env: Env = NO_ENV): ScriptReading {
  const syntax = scriptSyntax(script);
  const commands = syntax.commands.map((c) => commandOf(c, env));
  const only = commands[0];
  const plain = syntax.plainShape && only?.literal ? only.argv : null;
  return { commands, plain, syntaxError: syntax.syntaxError, truncated: syntax.truncated };
}
