/**
 * Reads a shell script (an `sh -c` body, a shell-form CMD, a CMD-SHELL health check) with
 * a real parser: the commands it runs, with their words as the shell would pass them
 * (quotes removed, `$VAR` expanded from a known environment), and whether the whole script
 * is one plain command that exec form can run without a shell. Bounded: 16 KB of script,
 * 200 commands.
 */
import type { Node } from 'web-tree-sitter';
import { shellParser } from './shell-parser';
import { expandVariable, type Env } from './expand';

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

export const MAX_SCRIPT_CHARS = 16 * 1024;
const MAX_COMMANDS = 200;
/** Builtins and wrappers whose first argument is the program that runs. */
const PREFIXES = new Set(['exec', 'command', 'nohup', 'builtin']);

interface Word {
  value: string;
  literal: boolean;
}

function unescapeBare(text: string): string {
  return text.replace(/\\\n/g, '').replace(/\\(.)/g, '$1');
}

function unescapeDouble(text: string): string {
  return text.replace(/\\\n/g, '').replace(/\\([\\"$`])/g, '$1');
}

function evalWord(node: Node, env: Env): Word {
  switch (node.type) {
    case 'word': {
      // An unquoted glob or a leading ~ is expanded by the shell: not a literal argument.
      const glob = /(^|[^\\])[*?[]/.test(node.text) || node.text.startsWith('~');
      return { value: unescapeBare(node.text), literal: !glob };
    }
    case 'number':
      return { value: node.text, literal: true };
    case 'raw_string':
      return { value: node.text.slice(1, -1), literal: true };
    case 'string':
      return evalParts(node.namedChildren.filter((c): c is Node => c !== null), env, true);
    case 'concatenation':
      return evalParts(node.namedChildren.filter((c): c is Node => c !== null), env, false);
    case 'string_content':
      return { value: unescapeDouble(node.text), literal: true };
    case 'simple_expansion':
    case 'expansion':
      return expandVariable(node.text, env);
    default:
      return { value: node.text, literal: false };
  }
}

function evalParts(parts: Node[], env: Env, quoted: boolean): Word {
  let value = '';
  let literal = true;
  for (const p of parts) {
    // Inside double quotes a `*` is literal; `word` nodes only occur unquoted.
    const w = quoted && p.type === 'string_content' ? { value: unescapeDouble(p.text), literal: true } : evalWord(p, env);
    value += w.value;
    literal &&= w.literal;
  }
  return { value, literal };
}

function commandOf(node: Node, env: Env): ScriptCommand | null {
  const words: Word[] = [];
  const name = node.childForFieldName('name');
  if (!name) return null;
  const nameWord = name.namedChildren[0];
  words.push(nameWord ? evalWord(nameWord, env) : { value: name.text, literal: false });
  for (const arg of node.childrenForFieldName('argument')) if (arg) words.push(evalWord(arg, env));
  let start = 0;
  while (start < words.length - 1 && PREFIXES.has(words[start]!.value)) start++;
  const argv = words.map((w) => w.value);
  return { name: argv[start]!, argv: argv.slice(start), literal: words.every((w) => w.literal), line: node.startPosition.row + 1 };
}

const OUTPUT_REDIRECT = /^\s*(\d*|&)>/;

/** One command, possibly with output redirections (which exec form replaces by stdout). */
function plainOf(root: Node, commands: ScriptCommand[]): string[] | null {
  const stmts = root.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
  if (stmts.length !== 1 || commands.length !== 1) return null;
  let cmd = stmts[0]!;
  if (cmd.type === 'redirected_statement') {
    for (const r of cmd.childrenForFieldName('redirect')) {
      // Output (`>> file`, `2>&1`, `&> file`) only: exec form sends it to stdout instead.
      if (!r || r.type !== 'file_redirect' || !OUTPUT_REDIRECT.test(r.text)) return null;
    }
    cmd = cmd.childForFieldName('body') ?? cmd;
  }
  if (cmd.type !== 'command' || cmd.namedChildren.some((c) => c?.type === 'variable_assignment')) return null;
  const only = commands[0]!;
  return only.literal ? only.argv : null;
}

/** Words only shell-free characters make up: the shell reads such a script as one plain command. */
const SIMPLE = /^[ \t]*[A-Za-z0-9_/.:@%+,-]+(?:[ \t]+[A-Za-z0-9_/.:=@%+,-]+)*[ \t]*$/;

/** Reads `script`; `env` holds the variables known at run time (the image's ENV). */
export function readScript(script: string, env: Env = new Map()): ScriptReading {
  // No quote, variable, operator, glob or assignment: splitting on blanks is what the shell does.
  if (SIMPLE.test(script)) {
    const words = script.trim().split(/[ \t]+/);
    let start = 0;
    while (start < words.length - 1 && PREFIXES.has(words[start]!)) start++;
    const argv = words.slice(start);
    return { commands: [{ name: argv[0]!, argv, literal: true, line: 1 }], plain: argv, syntaxError: false, truncated: false };
  }
  const truncatedText = script.length > MAX_SCRIPT_CHARS;
  const tree = shellParser().parse(truncatedText ? script.slice(0, MAX_SCRIPT_CHARS) : script);
  if (!tree) return { commands: [], plain: null, syntaxError: true, truncated: truncatedText };
  try {
    const root = tree.rootNode;
    // One call into the parser for every command node, in document order.
    const found = root.descendantsOfType('command');
    const commands: ScriptCommand[] = [];
    for (const node of found.slice(0, MAX_COMMANDS)) {
      const c = node ? commandOf(node, env) : null;
      if (c) commands.push(c);
    }
    const syntaxError = root.hasError;
    return { commands, plain: syntaxError || truncatedText ? null : plainOf(root, commands), syntaxError, truncated: truncatedText || found.length > MAX_COMMANDS };
  } finally {
    tree.delete();
  }
}
