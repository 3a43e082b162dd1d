/**
 * The maintained `dockerfile-ast` package (the parser behind the Docker language server)
 * behind the same `ParsedDockerfile` shape as our own reader, so the shell analysis can run
 * on either and `bench/dockerfile-readers.ts` can compare them on the same files.
 */
import { DockerfileParser, type Dockerfile } from 'dockerfile-ast';
import type { Heredoc, Instruction, ParsedDockerfile } from '../probes/shell/dockerfile/parse';

function heredocsOf(ins: unknown, lines: string[]): Heredoc[] {
  const get = (ins as { getHeredocs?: () => { getName(): string; getContentRange(): { start: { line: number }; end: { line: number } } | null }[] }).getHeredocs;
  if (typeof get !== 'function') return [];
  return get.call(ins).map((h) => {
    const r = h.getContentRange();
    return { name: h.getName(), body: r ? lines.slice(r.start.line, r.end.line + 1).join('\n') : '' };
  });
}

function commentsAbove(dockerfile: Dockerfile, line: number): string[] {
  const byLine = new Map(dockerfile.getComments().map((c) => [c.getRange().start.line, c.getContent() ?? '']));
  const out: string[] = [];
  for (let l = line - 1; byLine.has(l); l--) out.unshift(byLine.get(l)!);
  return out;
}

/** `--from=build ` and the like: dockerfile-ast keeps flags apart from the arguments. */
function flagsOf(ins: unknown): string {
  const get = (ins as { getFlags?: () => { toString(): string }[] }).getFlags;
  return typeof get === 'function' ? get.call(ins).map((f) => `${f.toString()} `).join('') : '';
}

export function parseWithDockerfileAst(text: string): ParsedDockerfile {
  const dockerfile = DockerfileParser.parse(text);
  const lines = text.split('\n');
  const instructions: Instruction[] = dockerfile.getInstructions().map((ins) => {
    const range = ins.getRange();
    const heredocs = heredocsOf(ins, lines);
    const last = heredocs.length > 0 ? range.end.line + 1 : range.end.line;
    return {
      keyword: ins.getKeyword().toUpperCase(),
      args: `${flagsOf(ins)}${(ins.getArgumentsContent() ?? '').trim()}`,
      line: range.start.line + 1,
      endLine: Math.max(range.start.line + 1, last + 1),
      heredocs,
      comments: commentsAbove(dockerfile, range.start.line),
    };
  });
  return { instructions, escape: dockerfile.getEscapeCharacter(), errors: [] };
}
