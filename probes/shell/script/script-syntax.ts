/**
 * A shell script's syntax as the shell audit needs it, independent of any environment:
 * its commands, each word as pieces that are either text or a variable to expand later.
 * Parsing is the costly part (tree-sitter, across the WebAssembly boundary), and the same
 * script text comes back often (a sidecar's `sh -c` in every Deployment of a file, a
 * Dockerfile's RUN read once for tools and once for packages), so syntax is cached by text.
 * Scripts of plain words, possibly with output redirections, are split without the parser:
 * that is what the shell does with them (script-fast-path.ts).
 */
import type { Node } from 'web-tree-sitter';
import { fastSyntax } from './script-fast-path';
import { shellParser } from './shell-parser';

/** A piece of a word: literal text (or text a shell would expand, `literal: false`), or a variable. */
export type Piece = { text: string; literal: boolean } | { variable: string };

export interface CommandSyntax {
  /** Every word, the command name first. */
  words: Piece[][];
  /** 1-based line within the script. */
  line: number;
}

export interface ScriptSyntax {
  commands: CommandSyntax[];
  /** One command, with output redirections at most: exec form can run it if its words are literal. */
  plainShape: boolean;
  syntaxError: boolean;
  truncated: boolean;
}

export const MAX_SCRIPT_CHARS = 16 * 1024;
const MAX_COMMANDS = 200;
/** Bounded: at most this many scripts of at most MAX_SCRIPT_CHARS each (4 MB) stay cached. */
const MAX_CACHED = 256;
const cache = new Map<string, ScriptSyntax>();

const unescapeBare = (text: string): string => text.replace(/\\\n/g, '').replace(/\\(.)/g, '$1');
const unescapeDouble = (text: string): string => text.replace(/\\\n/g, '').replace(/\\([\\"$`])/g, '$1');

/** The pieces of one word node, in order (strings and concatenations are flattened). */
function piecesOf(node: Node, out: Piece[]): Piece[] {
  switch (node.type) {
    case 'word':
      // An unquoted glob or a leading ~ is expanded by the shell: not a literal argument.
      out.push({ text: unescapeBare(node.text), literal: !(/(^|[^\\])[*?[]/.test(node.text) || node.text.startsWith('~')) });
      break;
    case 'number':
      out.push({ text: node.text, literal: true });
      break;
    case 'raw_string':
      out.push({ text: node.text.slice(1, -1), literal: true });
      break;
    case 'string':
    case 'concatenation':
      // Inside double quotes a `*` is literal: `word` nodes only occur unquoted.
      for (const c of node.namedChildren) if (c) piecesOf(c, out);
      break;
    case 'string_content':
      out.push({ text: unescapeDouble(node.text), literal: true });
      break;
    case 'simple_expansion':
    case 'expansion':
      out.push({ variable: node.text });
      break;
    default:
      out.push({ text: node.text, literal: false });
  }
  return out;
}

function commandOf(node: Node): CommandSyntax | null {
  const name = node.childForFieldName('name');
  if (!name) return null;
  const nameWord = name.namedChildren[0];
  const words: Piece[][] = [nameWord ? piecesOf(nameWord, []) : [{ text: name.text, literal: false }]];
  for (const arg of node.childrenForFieldName('argument')) if (arg) words.push(piecesOf(arg, []));
  return { words, line: node.startPosition.row + 1 };
}

const OUTPUT_REDIRECT = /^\s*(\d*|&)>/;

/** One statement, one command, output redirections at most (exec form sends output to stdout instead). */
function plainShapeOf(root: Node, commands: number): boolean {
  const stmts = root.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
  if (stmts.length !== 1 || commands !== 1) return false;
  let cmd = stmts[0]!;
  if (cmd.type === 'redirected_statement') {
    for (const r of cmd.childrenForFieldName('redirect')) {
      if (!r || r.type !== 'file_redirect' || !OUTPUT_REDIRECT.test(r.text)) return false;
    }
    cmd = cmd.childForFieldName('body') ?? cmd;
  }
  return cmd.type === 'command' && !cmd.namedChildren.some((c) => c?.type === 'variable_assignment');
}

/** The script read with the shell parser; exported so tests can hold the fast path to it. */
export function parsedSyntax(script: string): ScriptSyntax {
  const truncatedText = script.length > MAX_SCRIPT_CHARS;
  const tree = shellParser().parse(truncatedText ? script.slice(0, MAX_SCRIPT_CHARS) : script);
  if (!tree) return { commands: [], plainShape: false, syntaxError: true, truncated: truncatedText };
  try {
    const root = tree.rootNode;
    // One call into the parser for every command node, in document order.
    const found = root.descendantsOfType('command');
    const commands: CommandSyntax[] = [];
    for (const node of found.slice(0, MAX_COMMANDS)) {
      const c = node ? commandOf(node) : null;
      if (c) commands.push(c);
    }
    const syntaxError = root.hasError;
    const plainShape = !syntaxError && !truncatedText && plainShapeOf(root, commands.length);
    return { commands, plainShape, syntaxError, truncated: truncatedText || found.length > MAX_COMMANDS };
  } finally {
    tree.delete();
  }
}

/** The syntax of `script`, from the cache, the fast path or the parser. Callers must not change it. */
export function scriptSyntax(script: string): ScriptSyntax {
  const hit = cache.get(script);
  if (hit) return hit;
  const syntax = fastSyntax(script) ?? parsedSyntax(script);
  if (script.length <= MAX_SCRIPT_CHARS) {
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
    cache.set(script, syntax);
  }
  return syntax;
}
