/**
 * A proposed multi-stage Dockerfile in the shape of the source article's two examples:
 * build in the image the workload uses today, run on the recommended distroless image —
 * exec form, non-root (65532), no shell. The runtime image is a build argument, so the
 * same file builds the `:debug-nonroot` variant (busybox at /busybox/sh) for incidents.
 */
import { basename } from '../../shell/commands';
import type { FinalStage } from './final-stage';
import type { Stack } from './stack';

export interface ProposalInput {
  stack: Stack;
  image: string;
  debugImage: string;
  /** The image to build in: the Dockerfile's final base, or one matching this system. */
  buildFrom: string;
  final: FinalStage | null;
  /** Files beside the Dockerfile that decide the build steps (`package-lock.json`, …). */
  context: { has(file: string): boolean };
  /** The executable of a native program (where to copy it from and to). */
  exe: string | null;
  /** argv when no Dockerfile says what to run (a process's command line). */
  argv: string[] | null;
  copyLines: readonly string[];
}

const NONROOT = '65532:65532';

/** The command without the runtime's own program, which is the distroless image's entrypoint. */
function argsAfter(program: RegExp, argv: string[] | null): string[] | null {
  if (!argv || argv.length === 0) return null;
  let rest = program.test(basename(argv[0]!)) ? argv.slice(1) : argv;
  if (rest[0] === '-jar') rest = rest.slice(1);
  return rest.length > 0 ? rest : null;
}

/** Only the package-manager lines: they put the toolchain into the build image. */
function toolchainRuns(final: FinalStage | null): string[] {
  if (!final) return [];
  const lines = new Set(final.installs.filter((x) => ['apt', 'apk', 'dnf'].includes(x.manager)).map((x) => x.line));
  return final.buildSteps.filter((i) => i.keyword === 'RUN' && lines.has(i.line)).map((i) => `RUN ${i.args}`);
}

function runStage(input: ProposalInput, body: string[]): string[] {
  return ['FROM ${RUNTIME_IMAGE}', ...body, `USER ${NONROOT}`, ...(input.final?.exposes.length ? [`EXPOSE ${input.final.exposes.join(' ')}`] : [])];
}

function node(input: ProposalInput, workdir: string): string[] {
  const pkg = input.context.has('package.json');
  const lock = input.context.has('package-lock.json');
  const args = argsAfter(/^(node|nodejs)$/, input.final?.command ?? input.argv);
  return [
    ...(pkg ? ['COPY package*.json ./', ...(lock ? [] : ['# no package-lock.json beside the Dockerfile: npm ci needs one (npm install --package-lock-only)']), 'RUN npm ci --omit=dev'] : ['# no package.json beside the Dockerfile: no dependencies to install']),
    'COPY . .',
    '',
    ...runStage(input, [`WORKDIR ${workdir}`, `COPY --from=build ${workdir} ${workdir}`]),
    '# The image\'s entrypoint is node: CMD names the script, exec form.',
    `CMD ${JSON.stringify(args ?? ['server.js'])}`,
  ];
}

function python(input: ProposalInput, workdir: string): string[] {
  const req = input.context.has('requirements.txt');
  const args = argsAfter(/^python(3(\.\d+)?)?$/, input.final?.command ?? input.argv);
  return [
    // --target, not the interpreter's site-packages: Debian's python3 in the image does not read /usr/local/lib/python3.X/site-packages.
    ...(req ? ['COPY requirements.txt .', 'RUN pip install --no-cache-dir --target=/opt/site-packages -r requirements.txt'] : ['# no requirements.txt beside the Dockerfile: no dependencies to install', 'RUN mkdir -p /opt/site-packages']),
    'COPY . .',
    '',
    ...runStage(input, [
      `WORKDIR ${workdir}`,
      'COPY --from=build /opt/site-packages /opt/site-packages',
      'ENV PYTHONPATH=/opt/site-packages',
      `COPY --from=build ${workdir} ${workdir}`,
    ]),
    '# The image\'s entrypoint is python3: CMD names the script, exec form.',
    `CMD ${JSON.stringify(args ?? ['app.py'])}`,
  ];
}

function go(input: ProposalInput): string[] {
  return [
    'COPY . .',
    '# CGO_ENABLED=0: a static binary, so the runtime image needs no libc.',
    'RUN CGO_ENABLED=0 go build -trimpath -o /out/app .',
    '',
    ...runStage(input, ['COPY --from=build /out/app /app']),
    'ENTRYPOINT ["/app"]',
  ];
}

function java(input: ProposalInput, workdir: string): string[] {
  const args = argsAfter(/^java$/, input.final?.command ?? input.argv);
  const jar = args?.find((a) => a.endsWith('.jar')) ?? null;
  const build = input.context.has('pom.xml') ? ['RUN mvn -q -DskipTests package'] : input.context.has('build.gradle') || input.context.has('build.gradle.kts') ? ['RUN gradle --no-daemon build -x test'] : [];
  const from = jar ? (jar.startsWith('/') ? jar : `${workdir}/${jar}`) : `${workdir}/target/*.jar`;
  return [
    'COPY . .',
    ...build,
    '',
    ...runStage(input, [`COPY --from=build ${from} /app/app.jar`]),
    '# The image\'s entrypoint is java -jar: CMD names the jar, exec form.',
    'CMD ["/app/app.jar"]',
  ];
}

function native(input: ProposalInput): string[] {
  const steps = input.final ? input.final.buildSteps.filter((i) => i.keyword !== 'ARG').map((i) => `${i.keyword} ${i.args}`) : ['# install or build the program here, as on this system'];
  const exe = input.exe ?? input.final?.command?.[0] ?? null;
  const argv = input.final?.command ?? input.argv ?? (exe ? [exe] : null);
  return [
    ...steps,
    '',
    ...runStage(input, [
      ...(exe && exe.startsWith('/') ? [`COPY --from=build ${exe} ${exe}`] : ['# COPY --from=build the program and its files here']),
      ...(input.copyLines.length ? ['# Libraries no distroless variant has, at the paths the loader looks in:', ...input.copyLines] : []),
    ]),
    `ENTRYPOINT ${JSON.stringify(argv ?? ['/app'])}`,
  ];
}

export function proposeDockerfile(input: ProposalInput): string {
  const workdir = input.final?.workdir ?? '/app';
  const lines = [
    '# syntax=docker/dockerfile:1',
    '# Proposed by distroready: build in the current image, run on distroless (no shell, non-root).',
    `# Incident response: docker build --build-arg RUNTIME_IMAGE=${input.debugImage} -t APP:debug .`,
    '# gives the same image with busybox at /busybox/sh; ship the default, keep :debug for incidents.',
    `ARG RUNTIME_IMAGE=${input.image}`,
    '',
    `FROM ${input.buildFrom} AS build`,
    ...(input.stack === 'native' ? [] : [...toolchainRuns(input.final), `WORKDIR ${input.stack === 'go' ? '/src' : workdir}`]),
  ];
  const body = input.stack === 'node' ? node(input, workdir) : input.stack === 'python' ? python(input, workdir) : input.stack === 'go' ? go(input) : input.stack === 'java' ? java(input, workdir) : native(input);
  return [...lines, ...body, ''].join('\n');
}
