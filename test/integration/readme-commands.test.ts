/**
 * Every command in the README's `sh` blocks, run as written. The list below must match
 * the README exactly — a command added there and not here (or gone from there) fails the
 * first test — and says what each must do. Only addresses change: `localhost:8080` is the
 * test's own `serve`, `127.0.0.1:18081` a local workload, and `$DISTROREADY_CONFIG` points
 * the commands at the bundled examples on free ports, so nothing clashes with what else
 * runs on the machine. `npx distroready` is checked once for real (it resolves to this
 * package's `bin` without fetching anything); elsewhere it runs that same `bin` directly,
 * to keep npm's start-up (seconds on a loaded machine) out of every command.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { examplesConfig, ROOT } from '../support/examples-config';
import { eventually, untilStatus } from '../support/eventually';
import { httpServer, json, type TestServer } from '../support/servers';

/** The package's `bin` (the bundled dist/cli.js since the fleet work), which `npx distroready` resolves to. */
const BIN = path.join(ROOT, (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: { distroready: string } }).bin.distroready);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** What a command must show: its exit code, its output, a file it writes. */
interface Outcome {
  code: number;
  stdout?: RegExp;
  file?: [string, RegExp];
}

/** How a README command is exercised: by CI, as the serve the others run beside, or run and checked. */
type Exercise = { by: 'ci'; why: string } | { by: 'cluster'; why: string; files: string[] } | { by: 'serve' } | ({ by: 'run' | 'beside-serve' } & Outcome);

const COMMANDS: Record<string, Exercise> = {
  'npm ci && npm start': { by: 'ci', why: 'npm start is the build, then the bin\'s serve (held below), which this test runs as npx distroready serve' },
  'npm ci && npm test': { by: 'ci', why: '.ci/run installs with npm ci and runs npm test, which builds first' },
  'npx distroready serve': { by: 'serve' },
  // "Run it in a cluster" needs a cluster, which these machines do not have: what the commands do is tested against the API stand-in.
  'kubectl create namespace distroready': { by: 'cluster', why: 'kubectl itself', files: [] },
  'kubectl apply -f deploy/rbac.yaml -f deploy/distroready.yaml': { by: 'cluster', why: 'test/targets/kubernetes/rbac-manifests.test.ts holds the manifests to the permission list and lints them', files: ['deploy/rbac.yaml', 'deploy/distroready.yaml'] },
  'distroready check --config my-cluster.yaml --format md': { by: 'cluster', why: 'test/targets/kubernetes/check-cluster.test.ts runs check with a kubernetes: section, both reach modes', files: [] },
  'curl -s localhost:8080/api/v1/workloads': { by: 'beside-serve', code: 0, stdout: /"name":"ready"/ },
  // "Serving a fleet": filters and paging of the summary list, over the bundled examples (ready, legacy).
  "curl -s 'localhost:8080/api/v1/workloads?verdict=not-ready,caveats&limit=50'": { by: 'beside-serve', code: 0, stdout: /"workloads":\[\{"name":"legacy"/ },
  "curl -s 'localhost:8080/api/v1/workloads?probe=health:fail,health:error'": { by: 'beside-serve', code: 0, stdout: /^\{"summary":\{"workloads":\d+,/ },
  "curl -s 'localhost:8080/api/v1/workloads?limit=1&cursor=bGVnYWN5'": { by: 'beside-serve', code: 0, stdout: /"workloads":\[\{"name":"ready",[^\n]*\}\],"next":null\}$/ },
  'curl -s localhost:8080/metrics | grep distroready_workload_score': { by: 'beside-serve', code: 0, stdout: /^distroready_workload_score\{workload="legacy"\} \d+$/m },
  'npx distroready check --format json': { by: 'run', code: 0, stdout: /^\{\n {2}"version": 1,[\s\S]*"name": "legacy"/ },
  'npx distroready help': { by: 'run', code: 0, stdout: /^ {2}check +one sweep, one report/m },
  'npx distroready check --help': { by: 'run', code: 0, stdout: /^ {2}--dockerfile FILE +the Dockerfile of the --target/m },
  'npx distroready check --target 127.0.0.1:18081 --probes health,metrics': { by: 'run', code: 0, stdout: /^127\.0\.0\.1:\d+: (ready|caveats) \(score \d+\)/m },
  'npx distroready check --out report.html': { by: 'run', code: 0, file: ['report.html', /^<!doctype html>[\s\S]*<h2 id="workloads">Workloads <span class="count">2<\/span>/] },
  'npx distroready check --target 127.0.0.1:18081 --dockerfile examples/workloads/ready/Dockerfile --manifests examples/workloads/ready/deployment.yaml --out results.sarif': {
    by: 'run',
    code: 0,
    file: ['results.sarif', /"uri": "examples\/workloads\/ready\/(Dockerfile|deployment\.yaml)"/],
  },
  'npx distroready lint examples/workloads/legacy/Dockerfile examples/workloads/legacy/deployment.yaml': { by: 'run', code: 1, stdout: /deployment\.yaml:\d+:\d+: critical: .*\[shellExecProbe\]/ },
  "curl -s 'localhost:8080/export.csv?verdict=not-ready&sort=score' > not-ready.csv": { by: 'beside-serve', code: 0, file: ['not-ready.csv', /^name,namespace,verdict,score,[^\n]*\r\nlegacy,,not-ready,/] },
  'curl -s -X POST -H "Authorization: Bearer $DISTROREADY_TOKEN" localhost:8080/api/v1/workloads/ready/probe': { by: 'beside-serve', code: 0, stdout: /^\{"name":"ready","score":\d+,"verdict":"ready"/ },
  'curl -s -X POST -H "Authorization: Bearer $DISTROREADY_TOKEN" -H \'content-type: application/json\' -d \'{"url": "http://127.0.0.1:18081", "probes": ["health", "metrics"]}\' localhost:8080/api/v1/checks': {
    by: 'beside-serve',
    code: 0,
    stdout: /^\{"name":"127\.0\.0\.1:\d+","score":\d+/,
  },
};

/** The command lines of the README's `sh` blocks: continuations joined, comments dropped. */
export function readmeCommands(markdown: string): string[] {
  const commands: string[] = [];
  for (const block of markdown.matchAll(/^```sh\n([\s\S]*?)^```$/gm)) {
    const joined = block[1]!.replace(/\\\n\s*/g, '');
    for (const line of joined.split('\n')) {
      // A comment starts at " #" outside quotes; the README's commands keep "#" out of their quotes.
      const command = line.replace(/\s+#.*$/, '').trim();
      if (command) commands.push(command);
    }
  }
  return commands;
}

const commands = readmeCommands(readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
const TOKEN = 'readme-test-token';

describe('the README commands', () => {
  let workload: TestServer;
  let cwd: string;
  let env: NodeJS.ProcessEnv;
  let serverPort: number;
  const shell = (command: string, detached = false): ChildProcess => {
    const target = new URL(workload.url).host;
    const line = command.replaceAll('127.0.0.1:18081', target).replaceAll('localhost:8080', `127.0.0.1:${serverPort}`);
    // `npx distroready` runs the package's bin, as npx resolves it (checked for real below).
    const prelude = `npx() { if [ "$1" = distroready ]; then shift; ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} "$@"; else command npx "$@"; fi; }`;
    return spawn('bash', ['-c', `${prelude}\n${line}`], { cwd, env, detached, stdio: ['ignore', 'pipe', 'pipe'] });
  };
  const run = (command: string): Promise<Run> =>
    new Promise((resolve) => {
      const child = shell(command);
      let stdout = '';
      let stderr = '';
      child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });

  beforeAll(async () => {
    workload = await httpServer({ '/livez': json(200, { status: 'ok' }), '/readyz': json(200, { status: 'ready' }), '/metrics': (_req, res) => res.end('# TYPE up gauge\nup 1\n') });
    const examples = await examplesConfig('api: { token: "${DISTROREADY_TOKEN}" }');
    serverPort = examples.serverPort;
    // A scratch directory to run in (the commands write report.html, results.sarif, not-ready.csv), with the examples beside it.
    cwd = mkdtempSync(path.join(tmpdir(), 'distroready-readme-'));
    symlinkSync(path.join(ROOT, 'examples'), path.join(cwd, 'examples'));
    env = { ...process.env, DISTROREADY_CONFIG: examples.file, DISTROREADY_TOKEN: TOKEN, LOG_LEVEL: 'warn' };
  });

  afterAll(() => workload?.close());

  it('are exactly the commands listed here', () => {
    expect([...commands].sort()).toEqual(Object.keys(COMMANDS).sort());
  });

  it('that CI runs are in .ci/run', () => {
    const ci = readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8');
    expect(ci).toMatch(/^npm ci\b/m);
    expect(ci).toMatch(/^npm test$/m);
    const scripts = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.test).toMatch(/^npm run build/);
    // npm start: the build, then the serve the bin runs (the one started here as npx distroready serve).
    expect(scripts.start).toBe(`npm run build --silent && node ${path.relative(ROOT, BIN)} serve`);
  });

  it('that need a cluster name files that exist', () => {
    for (const e of Object.values(COMMANDS)) if (e.by === 'cluster') for (const f of e.files) expect(existsSync(path.join(ROOT, f))).toBe(true);
  });

  it('npx distroready resolves to this package, offline', async () => {
    const r = await new Promise<Run>((resolve) => {
      const child = spawn('npx', ['--offline', 'distroready', '--version'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr: '' }));
    });
    expect(r).toMatchObject({ code: 0, stdout: `${JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version}\n` });
  }, 120_000);

  const check = (r: Run, e: Outcome): void => {
    // The code beside stderr, so a failure shows why.
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: e.code, stderr: r.stderr });
    if (e.stdout) expect(r.stdout).toMatch(e.stdout);
    if (e.file) expect(existsSync(path.join(cwd, e.file[0])) && readFileSync(path.join(cwd, e.file[0]), 'utf8')).toMatch(e.file[1]);
  };
  const outcomes = (by: 'run' | 'beside-serve'): [string, Outcome][] => Object.entries(COMMANDS).flatMap(([c, e]) => (e.by === by ? [[c, e] as [string, Outcome]] : []));

  it.each(outcomes('run'))('%s', async (command, e) => {
    check(await run(command), e);
  }, 120_000);

  describe('beside npx distroready serve', () => {
    let serve: ChildProcess;
    let logs = '';
    beforeAll(async () => {
      serve = shell('npx distroready serve', true);
      serve.stdout!.on('data', (d: Buffer) => (logs += d.toString()));
      serve.stderr!.on('data', (d: Buffer) => (logs += d.toString()));
      // Ready once the first sweep has finished.
      await eventually('serve ready', 90_000, untilStatus(`http://127.0.0.1:${serverPort}/readyz`, 200), () => logs);
    }, 100_000);

    afterAll(async () => {
      if (serve?.pid && serve.exitCode === null) {
        process.kill(-serve.pid, 'SIGTERM');
        await new Promise((r) => serve.once('close', r));
      }
    });

    it.each(outcomes('beside-serve'))('%s', async (command, e) => {
      check(await run(command), e);
    }, 60_000);
  });
});
