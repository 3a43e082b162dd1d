/**
 * Splits a command string into argv the way Compose does for `command: node server.js`
 * (shell words: quotes and backslashes, no shell run), with `shell-quote`. Operators
 * (`&&`, `|`, `;`, `>`) and globs in such a string are not run by any shell: they become
 * literal arguments, which is a bug of its own, so they are reported.
 */
import { parse } from 'shell-quote';

export interface SplitWords {
  argv: string[];
  /** Shell syntax that only a shell would interpret (`&&`, `|`, `>`, globs), as written. */
  shellSyntax: string[];
}

const MAX_CHARS = 16 * 1024;

export function splitWords(text: string): SplitWords {
  const argv: string[] = [];
  const shellSyntax: string[] = [];
  // Variables stay as written: Compose interpolates them from an environment we do not see.
  const entries = parse(text.slice(0, MAX_CHARS), (key) => `$${key}`);
  for (const e of entries) {
    if (typeof e === 'string') argv.push(e);
    else if ('comment' in e) break;
    else if (e.op === 'glob') {
      argv.push(e.pattern);
      shellSyntax.push(e.pattern);
    } else shellSyntax.push(e.op);
  }
  return { argv, shellSyntax };
}
