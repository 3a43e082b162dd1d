/**
 * Scripts the shell reads as one plain command, without the parser: words made only of
 * characters no shell treats specially (no quote, variable, glob, operator or `~`), the
 * first not an assignment, optionally followed by output redirections (`>> /var/log/a.log`,
 * `2>&1`, `> /dev/null`). Splitting such a script on blanks is what the shell does with it,
 * and it is the most common shape there is (`sleep 5`, `exec java -jar app.jar >> log 2>&1`),
 * so it skips the trip into WebAssembly. Anything else returns `null` and goes to the
 * parser; test/shell/script-syntax.test.ts holds this reading equal to the parser's.
 */
import type { ScriptSyntax } from './script-syntax';

const FIRST = '[A-Za-z0-9_/.:@%+,-]+';
const WORD = '[A-Za-z0-9_/.:=@%+,-]+';
/** `>f`, `>> f`, `2>f`, `&>f`, `&>> f`, `2>&1`, `>&2`: output only (input redirections need the parser's reading). */
const REDIRECT = `(?:(?:\\d*|&)>>?[ \\t]*${WORD}|\\d*>&\\d+)`;
const PLAIN = new RegExp(`^[ \\t]*(${FIRST}(?:[ \\t]+${WORD})*)(?:[ \\t]+${REDIRECT})*[ \\t]*$`);

/** The syntax of a plain script, or `null` when the parser must read it. */
export function fastSyntax(script: string): ScriptSyntax | null {
  const m = PLAIN.exec(script);
  if (!m) return null;
  const words = m[1]!.split(/[ \t]+/).map((text) => [{ text, literal: true }]);
  return { commands: [{ words, line: 1 }], plainShape: true, syntaxError: false, truncated: false };
}
