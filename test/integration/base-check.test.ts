/**
 * `distroready check` on six real `run` workloads, as a user runs it (the compiled CLI in
 * its own process): each gets the variant and COPY lines that `ldd` predicts (see
 * test/base/base-probe.test.ts for the table), and the checks judge them.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { Report } from '../../src/model';
import { buildStaticServer, nginxConfig } from '../support/base';
import { freePort, requireBinary } from '../support/binaries';
import { CLI } from '../support/examples-config';

const run = promisify(execFile);
const q = JSON.stringify;

const staticServer = buildStaticServer();
const binaries = { exporter: requireBinary('prometheus-node-exporter'), nginx: requireBinary('nginx'), redis: requireBinary('redis-server') };
const all = staticServer && binaries.exporter && binaries.nginx && binaries.redis;

(all ? describe : describe.skip)('distroready check --probes base on six workloads', () => {
  let report: Report;
  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'distroready-base-'));
    const [a, b, c, d, e, f, otlp, grpc] = await Promise.all(Array.from({ length: 8 }, () => freePort()));
    const w = (name: string, command: string[], port: number): string => `  - name: ${name}\n    run: { command: ${q(command)}, port: ${port} }\n`;
    const yaml = `otlp: { port: ${otlp}, grpcPort: ${grpc}, host: 127.0.0.1 }
sweep: { timeout: 20s }
storage: { path: ${q(path.join(dir, 'history.db'))} }
workloads:
${w('static-c', [staticServer!, String(a)], a)}${w('node-exporter', [binaries.exporter!, `--web.listen-address=127.0.0.1:${b}`], b)}${w('nginx', [binaries.nginx!, '-p', dir, '-c', nginxConfig(dir, c)], c)}${w('redis', [binaries.redis!, '--port', String(d), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], d)}${w('python-http', ['/usr/bin/python3', '-m', 'http.server', String(e), '--bind', '127.0.0.1'], e)}${w('node', [process.execPath, '-e', `require('http').createServer((q, s) => s.end('ok')).listen(${f}, '127.0.0.1')`], f)}`;
    const file = path.join(dir, 'distroready.yaml');
    writeFileSync(file, yaml);
    const { stdout } = await run(process.execPath, [CLI, 'check', '--config', file, '--probes', 'base', '--format', 'json'], { timeout: 100_000, cwd: dir });
    report = JSON.parse(stdout) as Report;
  }, 120_000);

  const facts = (name: string) => report.workloads.find((x) => x.name === name)!.probes.base!.facts as { recommended: { variant: string; copy: { library: string }[]; copyLines: string[] } };
  const check = (name: string, id: string) => report.workloads.find((x) => x.name === name)!.checks.find((c) => c.id === id)!;

  it.each([
    ['static-c', 'static', []],
    ['node-exporter', 'base-nossl', []],
    ['nginx', 'base', ['libcrypt.so.1', 'libpcre2-8.so.0', 'libz.so.1']],
    ['redis', 'cc', ['libatomic.so.1', 'libcap.so.2', 'libgcrypt.so.20', 'libgpg-error.so.0', 'libjemalloc.so.2', 'liblz4.so.1', 'liblzf.so.1', 'liblzma.so.5', 'libsystemd.so.0', 'libzstd.so.1']],
    ['python-http', 'python3', []],
    ['node', 'nodejs', []],
  ])('%s → %s, copying %j', (name, variant, copy) => {
    const rec = facts(name).recommended;
    expect(rec.variant).toBe(variant);
    expect(rec.copy.map((c) => c.library).sort()).toEqual(copy);
    expect(check(name, 'baseNeedsUnshippedLibraries').status).toBe(copy.length ? 'fail' : 'pass');
    expect(check(name, 'baseMuslBinary').status).toBe('pass');
  });

  it('gives the COPY lines as the check\'s patch', () => {
    const c = check('nginx', 'baseNeedsUnshippedLibraries');
    expect(c.patch).toBe(facts('nginx').recommended.copyLines.join('\n'));
    expect(c.patch).toMatch(/^COPY --from=build \/usr\/lib\/x86_64-linux-gnu\/libcrypt\.so\.1\.\S+ \/usr\/lib\/x86_64-linux-gnu\/libcrypt\.so\.1$/m);
  });

  it('without a Dockerfile the tier check is unknown, saying why', () => {
    expect(check('nginx', 'baseFullOsImage')).toMatchObject({ status: 'unknown', message: expect.stringMatching(/not observed: dockerfile.finalStage.tier/) });
  });
});
