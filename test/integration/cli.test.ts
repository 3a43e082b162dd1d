/** The CLI's contract as a user meets it: exit codes 0/1/2 and messages that say what to fix. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CLI } from '../support/examples-config';
import { httpServer, json, type TestServer } from '../support/servers';

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
    ['unknown flag', ['check', '--frobnicate'], /Unknown option '--frobnicate'/],
    ['bad format', ['check', '--config', emptyConfig, '--format', 'xml'], /--format: "xml" is not one of text, json/],
    ['unknown probe', ['check', '--config', emptyConfig, '--probes', 'health,vibes'], /--probes: unknown probe "vibes"; choose from logs, metrics, traces, health, shell/],
    ['bad min-score', ['check', '--config', emptyConfig, '--min-score', 'high'], /--min-score: "high" is not a number from 0 to 100/],
    ['missing config', ['check', '--config', path.join(dir, 'nope.yaml')], /nope\.yaml: config file not found/],
    ['invalid config', ['check', '--config', badConfig], /bad\.yaml:4:5: workloads\[0\]\.helth: unknown key "helth"/],
    ['not a URL', ['check', '--config', emptyConfig, '--target', 'localhost:8080'], /--target: only http:\/\/ and https:\/\/ targets can be probed/],
  ])('exits 2 on %s', async (_name, args, message) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('prints usage with --help and exits 0', async () => {
    const r = await cli(['--help']);
    expect([r.code, r.stdout]).toEqual([0, expect.stringContaining('distroready check')]);
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

  it('writes the report to --out', async () => {
    const out = path.join(dir, 'report.json');
    const r = await cli(['check', '--config', emptyConfig, '--target', server.url, '--probes', 'health', '--format', 'json', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ version: 1 });
  });
});
