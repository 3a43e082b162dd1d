/** The CLI's contract as a user meets it: exit codes 0/1/2 and messages that say what to fix. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CLI, ROOT } from '../support/examples-config';
import { requireBinary } from '../support/binaries';
import { httpServer, json, type TestServer } from '../support/servers';

const scriptBinary = requireBinary('script');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? -1) : 0, stdout, stderr });
    });
  });
}

const dir = mkdtempSync(path.join(tmpdir(), 'distroready-cli-'));
const badConfig = path.join(dir, 'bad.yaml');
writeFileSync(badConfig, 'workloads:\n  - name: a\n    url: http://127.0.0.1:1\n    helth: {}\n');
const emptyConfig = path.join(dir, 'empty.yaml');
writeFileSync(emptyConfig, 'otlp: { port: 0, grpcPort: 0, host: 127.0.0.1 }\n');

describe('distroready CLI', () => {
  let server: TestServer;
  beforeAll(async () => {
    // Healthy but distinct only in readiness: scores below 100 on health alone.
    server = await httpServer({ '/healthz': json(200, { status: 'ok' }) });
  });
  afterAll(() => server.close());

  it.each<[string, string[], RegExp]>([
    ['unknown command', ['deploy'], /unknown command "deploy"/],
    ['unknown flag', ['check', '--frobnicate'], /^distroready: check: unknown option --frobnicate \(distroready check --help lists them\)$/m],
    ['a mistyped flag', ['check', '--targett', 'x'], /check: unknown option --targett; did you mean --target\?/],
    ['a mistyped lint flag', ['lint', '--formt', 'json', 'x'], /lint: unknown option --formt; did you mean --format\?/],
    ['a mistyped command', ['chekc'], /unknown command "chekc"; did you mean "check"\?/],
    ['help for no such command', ['help', 'deploy'], /help: no command "deploy"; the commands are serve, check, lint/],
    ['a stray argument', ['check', 'http://x'], /check: unexpected argument "http:\/\/x"/],
    ['a missing --dockerfile', ['check', '--config', emptyConfig, '--dockerfile', path.join(dir, 'nope', 'Dockerfile')], /--dockerfile: no file ".*nope\/Dockerfile"/],
    ['files for several targets', ['check', '--config', emptyConfig, '--target', 'a:1', '--target', 'b:2', '--manifests', badConfig], /--dockerfile and --manifests complete one --target/],
    ['bad format', ['check', '--config', emptyConfig, '--format', 'xml'], /--format: "xml" is not one of text, json/],
    ['unknown probe', ['check', '--config', emptyConfig, '--probes', 'health,vibes'], /--probes: unknown probe "vibes"; choose from logs, metrics, traces, health, shell/],
    ['bad min-score', ['check', '--config', emptyConfig, '--min-score', 'high'], /--min-score: "high" is not a number from 0 to 100/],
    ['missing config', ['check', '--config', path.join(dir, 'nope.yaml')], /nope\.yaml: config file not found/],
    ['invalid config', ['check', '--config', badConfig], /bad\.yaml:4:5: workloads\[0\]\.helth: unknown key "helth"/],
    ['not an HTTP URL', ['check', '--config', emptyConfig, '--target', 'ftp://localhost:21'], /--target must be an http:\/\/ or https:\/\/ URL, not ftp:/],
    ['a URL with credentials', ['check', '--config', emptyConfig, '--target', 'http://u:p@localhost:1'], /--target must not carry credentials/],
  ])('exits 2 on %s', async (_name, args, message) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it.each([['help'], ['--help'], ['-h']])('%s lists every command and exits 0', async (flag) => {
    const r = await cli([flag]);
    expect(r.code).toBe(0);
    for (const command of ['serve', 'check', 'lint', 'help']) expect(r.stdout).toMatch(new RegExp(`^  ${command} +\\S`, 'm'));
  });

  it.each([
    [['check', '--help']],
    [['help', 'check']],
    [['check', '-h', '--target', 'x']],
  ])('%j explains each option of check and exits 0 without probing', async (args) => {
    const r = await cli(args);
    expect(r.code).toBe(0);
    for (const flag of ['--config FILE', '--target URL', '--dockerfile FILE', '--manifests FILE...', '--probes LIST', '--format FORMAT', '--out FILE', '--min-score N']) {
      expect(r.stdout).toMatch(new RegExp(`^  ${flag.replace(/\./g, '\\.')} +\\S`, 'm'));
    }
    expect(r.stderr).toBe('');
  });

  it('prints usage and exits 2 with no command', async () => {
    const r = await cli([]);
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toContain('distroready COMMAND [OPTIONS]');
  });

  it('takes --target host:port as the API does, and warns on stderr in plain lines', async () => {
    const port = new URL(server.url).port;
    const r = await cli(['check', '--config', emptyConfig, '--target', `127.0.0.1:${port}`, '--target', '127.0.0.1:1', '--probes', 'health', '--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { workloads: { name: string; verdict: string }[] };
    expect(report.workloads.map((w) => w.name)).toEqual([`127.0.0.1:${port}`, '127.0.0.1:1']);
    // A warning a person reads, not a JSON log record; and no progress bar when stderr is not a terminal.
    expect(r.stderr).toMatch(/^distroready: warning: workload not reached \(workload 127\.0\.0\.1:1, reach unreachable, reason nothing accepts connections at 127\.0\.0\.1:1 \(ECONNREFUSED\)\)$/m);
    expect(r.stderr).not.toMatch(/^\{/m);
    expect(r.stderr).not.toMatch(/\r|\x1b/);
  });

  it('completes an ad-hoc target with --dockerfile and --manifests, and anchors its SARIF findings there', async () => {
    const ex = path.join(ROOT, 'examples', 'workloads', 'legacy');
    const out = path.join(dir, 'legacy.sarif');
    const r = await cli(['check', '--config', emptyConfig, '--target', server.url, '--probes', 'health,shell', '--dockerfile', path.join(ex, 'Dockerfile'), '--manifests', path.join(ex, 'deployment.yaml'), '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`distroready: wrote the sarif report to ${out}`);
    const sarif = JSON.parse(readFileSync(out, 'utf8')) as { runs: { results: { ruleId: string; locations: { physicalLocation?: { artifactLocation: { uri: string } } }[] }[] }[] };
    const results = sarif.runs[0]!.results;
    expect(results.map((x) => x.ruleId)).toEqual(expect.arrayContaining(['shellExecProbe', 'shellFormEntrypoint', 'healthEndpointsIdentical']));
    // Every finding, live ones included, has a file to point at.
    for (const x of results) expect(x.locations[0]!.physicalLocation?.artifactLocation.uri).toMatch(/legacy\/(Dockerfile|deployment\.yaml)$/);
  });

  // `script` gives the command a terminal (util-linux, in every Debian base); stdout goes to --out.
  (scriptBinary ? it : it.skip)('draws a progress line on stderr when it is a terminal', async () => {
    const out = path.join(dir, 'progress.json');
    const targets = Array.from({ length: 6 }, (_, i) => ['--target', `127.0.0.1:${i + 1}`]).flat();
    const command = [process.execPath, CLI, 'check', '--config', emptyConfig, ...targets, '--probes', 'health', '--out', out].map((a) => `'${a}'`).join(' ');
    const tty = await new Promise<string>((resolve) => execFile(scriptBinary!, ['-qec', command, '/dev/null'], { timeout: 60_000 }, (_err, stdout) => resolve(stdout)));
    expect(tty).toMatch(/\r\x1b\[2K\[#{24}\] 6\/6 127\.0\.0\.1:\d: incomplete/);
    // Warnings print above the bar, on lines of their own.
    expect(tty).toMatch(/\r\x1b\[2Kdistroready: warning: workload not reached/);
    expect(JSON.parse(readFileSync(out, 'utf8')).workloads).toHaveLength(6);
  });

  it('says on stderr when live SARIF findings of an ad-hoc --target have no file', async () => {
    const r = await cli(['check', '--config', emptyConfig, '--target', server.url, '--probes', 'health', '--format', 'sarif']);
    expect(r.code).toBe(0);
    const sarif = JSON.parse(r.stdout) as { runs: { results: unknown[] }[] };
    expect(sarif.runs[0]!.results.length).toBeGreaterThan(0);
    expect(r.stderr).toContain('have no file to point at in SARIF (an ad-hoc --target)');
  });

  it('probes an ad-hoc --target with only the named probes', async () => {
    const r = await cli(['check', '--config', emptyConfig, '--target', server.url, '--probes', 'health', '--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { workloads: { name: string; probes: Record<string, unknown>; checks: { probe: string }[] }[] };
    expect(report.workloads).toHaveLength(1);
    expect(report.workloads[0]!.name).toBe(new URL(server.url).host);
    expect(Object.keys(report.workloads[0]!.probes)).toEqual(['health']);
    expect(new Set(report.workloads[0]!.checks.map((c) => c.probe))).toEqual(new Set(['health']));
  });

  it.each([
    ['0', 0],
    ['100', 1],
  ])('--min-score %s exits %i for a workload scoring below 100', async (min, code) => {
    const r = await cli(['check', '--config', emptyConfig, '--target', server.url, '--probes', 'health', '--min-score', min]);
    expect(r.code).toBe(code);
    expect(r.stdout).toMatch(/healthEndpointsIdentical/);
  });

  it.each([
    ['report.html', /^<!doctype html>/],
    ['report.md', /^# distroready/],
    ['results.sarif', /"version": "2\.1\.0"/],
    ['report.junit.xml', /^<\?xml/],
  ])('--out %s implies its format', async (file, shape) => {
    const out = path.join(dir, file);
    const r = await cli(['check', '--config', emptyConfig, '--target', server.url, '--probes', 'health', '--out', out]);
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(shape);
  });

  it('writes the report to --out', async () => {
    const out = path.join(dir, 'report.json');
    const r = await cli(['check', '--config', emptyConfig, '--target', server.url, '--probes', 'health', '--format', 'json', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ version: 1 });
  });
});
