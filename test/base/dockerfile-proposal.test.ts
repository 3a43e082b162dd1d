/**
 * The Dockerfile side: the final stage placed on the article's five tiers, what it copies
 * and installs, and a proposed multi-stage Dockerfile per stack that distroready's own
 * `lint` finds no blocker in (the bundled legacy example included).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { baseProbe } from '../../probes/base';
import { finalStage } from '../../probes/base/dockerfile/final-stage';
import { proposeDockerfile } from '../../probes/base/dockerfile/propose';
import { stackOf, versionFromImage } from '../../probes/base/dockerfile/stack';
import { CLI, ROOT } from '../support/examples-config';
import { defaultOptions, probeContext } from '../support/probe-context';
import { observed } from '../support/base';

const run = promisify(execFile);

async function lint(text: string): Promise<{ critical: number; findings: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'distroready-proposal-'));
  const file = path.join(dir, 'Dockerfile');
  writeFileSync(file, text);
  // lint exits 1 when it finds a critical finding; the JSON is on stdout either way.
  const stdout = await run(process.execPath, [CLI, 'lint', '--format', 'json', file]).then((r) => r.stdout, (err: { stdout: string }) => err.stdout);
  const out = JSON.parse(stdout) as { summary: { critical: number } };
  return { critical: out.summary.critical, findings: stdout };
}

describe('finalStage', () => {
  it.each([
    ['FROM ubuntu:22.04\nCMD ["x"]', 1, 'full-os'],
    ['FROM node:20-slim\nCMD ["x"]', 2, 'slim'],
    ['FROM python:3.11-alpine\nCMD ["x"]', 3, 'alpine'],
    ['FROM golang:1.22 AS b\nRUN go build\nFROM gcr.io/distroless/static-debian12\nCOPY --from=b /out /app', 4, 'distroless'],
    ['FROM scratch\nCOPY app /app', 5, 'scratch'],
  ])('%j → tier %i', (text, tier, name) => {
    expect(finalStage(text)).toMatchObject({ tier, tierName: name });
  });

  it('reads COPYs, installs and the command of the final stage', () => {
    const f = finalStage('FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y --no-install-recommends nodejs curl\nWORKDIR /app\nCOPY server.js .\nCMD node server.js\n')!;
    expect(f.installs).toEqual([{ line: 2, manager: 'apt', packages: ['nodejs', 'curl'] }]);
    expect(f.copies).toEqual([{ line: 4, from: 'context', sources: ['server.js'], dest: '.' }]);
    expect(f.command).toEqual(['node', 'server.js']);
    expect(stackOf(f, null, false)).toMatchObject({ stack: 'node' });
  });

  it.each([
    ['node:20-bookworm-slim', 'node', '20'],
    ['python:3.11-slim', 'python', '3.11'],
    ['eclipse-temurin:21-jre', 'java', '21'],
    ['maven:3-eclipse-temurin-17', 'java', '17'],
  ] as const)('the version in %s', (from, stack, version) => {
    expect(versionFromImage(from, stack)).toBe(version);
  });

  it('no FROM: nothing to judge', () => {
    expect(finalStage('RUN echo hi\n')).toBeNull();
  });
});

describe('proposed Dockerfiles lint with no blocker', () => {
  const base = { debugImage: 'D:debug-nonroot', exe: null, argv: null, copyLines: [] as string[] };
  const has = (...files: string[]) => ({ has: (f: string) => files.includes(f) });
  it.each([
    ['node', 'FROM node:20\nWORKDIR /srv\nCOPY . .\nRUN npm install\nCMD ["node", "index.js"]\n', has('package.json', 'package-lock.json'), 'gcr.io/distroless/nodejs20-debian12:nonroot', [/RUN npm ci --omit=dev/, /CMD \["index.js"\]/]],
    ['python', 'FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD python app.py\n', has('requirements.txt'), 'gcr.io/distroless/python3-debian12:nonroot', [/--target=\/opt\/site-packages/, /ENV PYTHONPATH=\/opt\/site-packages/, /CMD \["app.py"\]/]],
    ['go', 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n', has('go.mod'), 'gcr.io/distroless/static-debian12:nonroot', [/CGO_ENABLED=0 go build/, /ENTRYPOINT \["\/app"\]/]],
    ['java', 'FROM maven:3-eclipse-temurin-17\nWORKDIR /build\nCOPY . .\nRUN mvn package\nCMD ["java", "-jar", "target/app.jar"]\n', has('pom.xml'), 'gcr.io/distroless/java17-debian12:nonroot', [/COPY --from=build \/build\/target\/app.jar \/app\/app.jar/, /CMD \["\/app\/app.jar"\]/]],
  ] as const)('%s', async (_stack, original, context, image, shapes) => {
    const final = finalStage(original)!;
    const { stack } = stackOf(final, null, false);
    const text = proposeDockerfile({ ...base, stack, image, buildFrom: final.from, final, context });
    for (const shape of shapes) expect(text).toMatch(shape);
    expect(text).toMatch(/^USER 65532:65532$/m);
    expect(text).toContain(`ARG RUNTIME_IMAGE=${image}`);
    const result = await lint(text);
    expect(result.critical).toBe(0);
  }, 30_000);
});

describe('the base probe on the bundled legacy example', () => {
  it('proposes a Dockerfile for nodejs that distroready lint finds no blocker in', async () => {
    const dockerfile = path.join(ROOT, 'examples', 'workloads', 'legacy', 'Dockerfile');
    const out = await baseProbe.run({ name: 'legacy', baseDir: ROOT, config: { name: 'legacy', dockerfile } }, probeContext(defaultOptions(baseProbe.optionsSchema)));
    const f = observed(out);
    expect(f.dockerfile?.finalStage).toMatchObject({ from: 'ubuntu:22.04', tier: 1, tierName: 'full-os' });
    expect(f.recommended).toMatchObject({ variant: 'nodejs', basis: 'dockerfile' });
    expect(f.proposedDockerfile).toMatch(/^FROM ubuntu:22.04 AS build$/m);
    expect(f.proposedDockerfile).toMatch(/^CMD \["server.js"\]$/m);
    const result = await lint(f.proposedDockerfile!);
    expect(result.critical).toBe(0);
    // The same lint on the original finds its blockers (shell-form CMD, HEALTHCHECK curl): the zero above means something.
    expect((await lint(readFileSync(dockerfile, 'utf8'))).critical).toBeGreaterThan(0);
  }, 30_000);
});
