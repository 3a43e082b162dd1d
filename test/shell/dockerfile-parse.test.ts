/** The Dockerfile reader, stage builder and image tiers, as tables. */
import { execForm, parseDockerfile, splitFlags } from '../../probes/shell/dockerfile/parse';
import { buildStages, finalChain, substitute } from '../../probes/shell/dockerfile/stages';
import { classifyImage } from '../../probes/shell/dockerfile/image-tier';

const shape = (text: string): [string, number, string][] => parseDockerfile(text).instructions.map((i) => [i.keyword, i.line, i.args]);

describe('parseDockerfile', () => {
  it.each<[string, string, [string, number, string][]]>([
    ['comments and blank lines', '# c\n\nFROM a\n  # indented comment\nRUN x\n', [['FROM', 3, 'a'], ['RUN', 5, 'x']]],
    ['continuations keep the first line', 'FROM a\nRUN apt-get update \\\n  && apt-get install -y \\\n     curl\nCMD ["x"]\n', [['FROM', 1, 'a'], ['RUN', 2, 'apt-get update   && apt-get install -y      curl'], ['CMD', 5, '["x"]']]],
    ['comments inside a continuation are dropped', 'FROM a\nRUN one \\\n# dropped\n  two\n', [['FROM', 1, 'a'], ['RUN', 2, 'one   two']]],
    ['blank lines inside a continuation are dropped', 'FROM a\nRUN one \\\n\n  two\nCMD ["x"]\n', [['FROM', 1, 'a'], ['RUN', 2, 'one   two'], ['CMD', 5, '["x"]']]],
    ['the escape directive', '# escape=`\nFROM a\nRUN one `\n  two\n', [['FROM', 2, 'a'], ['RUN', 3, 'one   two']]],
    ['lower-case keywords and CRLF', 'from a\r\ncmd ["b"]\r\n', [['FROM', 1, 'a'], ['CMD', 2, '["b"]']]],
    ['a trailing backslash at end of file', 'FROM a\nRUN x \\', [['FROM', 1, 'a'], ['RUN', 2, 'x']]],
  ])('%s', (_name, text, expected) => {
    expect(shape(text)).toEqual(expected);
  });

  it('reads heredocs, several per instruction, with <<- stripping tabs', () => {
    const parsed = parseDockerfile('FROM a\nCOPY <<one <<-"two" /dst/\nfirst\none\n\tsecond\n\ttwo\nCMD ["x"]\n');
    expect(parsed.errors).toEqual([]);
    expect(parsed.instructions.map((i) => [i.keyword, i.line])).toEqual([['FROM', 1], ['COPY', 2], ['CMD', 7]]);
    expect(parsed.instructions[1]!.heredocs).toEqual([{ name: 'one', body: 'first' }, { name: 'two', body: 'second' }]);
  });

  it('reports an unclosed heredoc at its instruction', () => {
    expect(parseDockerfile('FROM a\nRUN <<EOF\necho\n').errors).toEqual([{ line: 2, message: 'heredoc <<EOF is never closed' }]);
  });

  // How fast is bench/shell-analysis.ts's business; here: the work is bounded.
  it('stays bounded on 200 000 lines', () => {
    const parsed = parseDockerfile(`FROM a\n${'RUN echo x\n'.repeat(200_000)}`);
    expect(parsed.instructions).toHaveLength(5000);
    expect(parsed.errors[0]!.message).toMatch(/more than 5000 instructions/);
  });
});

describe('execForm and splitFlags', () => {
  it.each<[string, string[] | null]>([
    ['["node", "server.js"]', ['node', 'server.js']],
    ['node server.js', null],
    ['["node", 1]', null],
    ['[not json', null],
  ])('execForm(%s)', (args, expected) => {
    expect(execForm(args)).toEqual(expected);
  });

  it('splits leading flags', () => {
    expect(splitFlags('--interval=30s --timeout=3s CMD curl x')).toEqual({ flags: { interval: '30s', timeout: '3s' }, rest: 'CMD curl x' });
  });
});

describe('stages', () => {
  it.each<[string, Record<string, string | undefined>, string, boolean]>([
    ['${BASE}', { BASE: 'alpine:3.19' }, 'alpine:3.19', true],
    ['$REG/app:${TAG:-1.0}', { REG: 'r.io' }, 'r.io/app:1.0', true],
    ['app:${TAG:+set}', { TAG: 'x' }, 'app:set', true],
    ['${UNSET}', { UNSET: undefined }, '', false],
  ])('substitute(%s)', (text, vars, value, resolved) => {
    expect(substitute(text, new Map(Object.entries(vars)))).toEqual({ value, resolved });
  });

  it('builds the final chain through stages named in FROM, with global ARGs', () => {
    const { instructions } = parseDockerfile('ARG V=20\nFROM node:${V} AS build\nRUN x\nFROM build AS test\nRUN y\nFROM gcr.io/distroless/nodejs${V}-debian12 AS base\nFROM base\nCOPY --from=build /a /a\n');
    const stages = buildStages(instructions);
    expect(stages.map((s) => s.from)).toEqual(['node:20', 'build', 'gcr.io/distroless/nodejs20-debian12', 'base']);
    expect(finalChain(stages).map((s) => s.index)).toEqual([2, 3]);
    expect(stages[3]!.copiesFrom).toEqual([{ source: 'build', line: 8 }]);
  });
});

describe('classifyImage', () => {
  it.each<[string, number | null, string, string | null]>([
    ['ubuntu:22.04', 1, 'full-os', null],
    ['docker.io/library/debian:bookworm', 1, 'full-os', null],
    ['node:20', 1, 'full-os', null],
    ['node:20-bookworm-slim', 2, 'slim', null],
    ['python:3.11-slim', 2, 'slim', null],
    ['registry.access.redhat.com/ubi9/ubi-minimal', 2, 'slim', null],
    ['alpine:3.19', 3, 'alpine', null],
    ['node:20-alpine', 3, 'alpine', null],
    ['gcr.io/distroless/nodejs20-debian12:nonroot', 4, 'distroless', 'gcr.io/distroless/nodejs20-debian12:debug-nonroot'],
    ['gcr.io/distroless/static-debian12', 4, 'distroless', 'gcr.io/distroless/static-debian12:debug'],
    ['gcr.io/distroless/base-debian12:debug', 4, 'distroless', null],
    ['cgr.dev/chainguard/node:latest', 4, 'distroless', 'cgr.dev/chainguard/node:latest-dev'],
    ['scratch', 5, 'scratch', null],
    ['example.com/team/app:1.2', null, 'unknown', null],
  ])('%s is tier %s (%s)', (ref, tier, tierName, debugVariant) => {
    expect(classifyImage(ref)).toMatchObject({ tier, tierName, debugVariant });
  });

  it('knows :nonroot tags run as non-root and :debug tags have a shell', () => {
    expect(classifyImage('gcr.io/distroless/static-debian12:nonroot')).toMatchObject({ nonRootByDefault: true, hasShell: false });
    expect(classifyImage('gcr.io/distroless/static-debian12:debug')).toMatchObject({ nonRootByDefault: false, hasShell: true });
  });
});
