/**
 * The POSIX shell parser the shell audit reads `sh -c` bodies, shell-form CMD and
 * CMD-SHELL health checks with: tree-sitter's bash grammar (a superset of POSIX sh), run
 * as WebAssembly. Loading is asynchronous and happens once per process; parsing after
 * that is synchronous and takes tens of microseconds for a typical one-line script.
 */
import { readFileSync } from 'node:fs';
import { Language, Parser } from 'web-tree-sitter';

let loading: Promise<Parser> | null = null;
let ready: Parser | null = null;

/** Loads the parser (once; later calls return the same promise). */
export function loadShellParser(): Promise<Parser> {
  loading ??= (async () => {
    await Parser.init();
    const bash = await Language.load(readFileSync(require.resolve('tree-sitter-bash/tree-sitter-bash.wasm')));
    const parser = new Parser();
    parser.setLanguage(bash);
    ready = parser;
    return parser;
  })();
  return loading;
}

/** The loaded parser. Analysis entry points await `loadShellParser()` before they call this. */
export function shellParser(): Parser {
  if (!ready) throw new Error('the shell parser is not loaded: await loadShellParser() first');
  return ready;
}
