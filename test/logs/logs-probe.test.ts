/** The logs probe on real processes writing each style of log, judged by the real checks. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { launchFixture, probe, statuses, stopAll } from '../support/logs';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'distroready-logs-'));
});
afterEach(stopAll);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('logs probe on run workloads', () => {
  it.each([
    ['pino JSON', 'pino-json.js', { logsNotOnStdout: 'pass', logsNotStructured: 'pass', logsFieldsMissing: 'pass', logsSchemaInconsistent: 'pass', logsTraceIdsMissing: 'pass', logsStackTracesUnstructured: 'pass', logsSecretsExposed: 'pass', logsLinesMangled: 'pass' }],
    ['logfmt on stderr', 'logfmt.js', { logsNotOnStdout: 'pass', logsNotStructured: 'pass', logsFieldsMissing: 'pass', logsSchemaInconsistent: 'pass', logsTraceIdsMissing: 'pass', logsStackTracesUnstructured: 'unknown' }],
    ['ECS JSON', 'ecs-json.js', { logsNotOnStdout: 'pass', logsNotStructured: 'pass', logsFieldsMissing: 'pass', logsSchemaInconsistent: 'pass', logsTraceIdsMissing: 'pass', logsStackTracesUnstructured: 'pass' }],
    ['JSON on both streams', 'mixed-streams.js', { logsNotOnStdout: 'pass', logsNotStructured: 'pass', logsFieldsMissing: 'pass', logsTraceIdsMissing: 'fail' }],
    ['plain console.log', 'plain.js', { logsNotOnStdout: 'pass', logsNotStructured: 'fail', logsFieldsMissing: 'unknown', logsTraceIdsMissing: 'unknown' }],
    ['Java-style multi-line traces', 'java-trace.js', { logsNotOnStdout: 'pass', logsNotStructured: 'fail', logsStackTracesUnstructured: 'fail' }],
    ['secrets in lines', 'secrets.js', { logsNotStructured: 'pass', logsSecretsExposed: 'fail' }],
  ])('%s', async (_name, script, expected) => {
    const p = await probe(await launchFixture(script));
    expect(statuses(p)).toMatchObject(expected);
    // Without a traced round trip there is nothing to correlate.
    expect(p.checks.logsTraceNotCorrelated!.status).toBe('unknown');
  });

  it('keeps stdout and stderr apart', async () => {
    const p = await probe(await launchFixture('mixed-streams.js'));
    expect(p.facts.streams).toMatchObject({ stdout: 2, stderr: 2 });
  });

  it('counts a Java trace as one problem and shows its head and first frame', async () => {
    const p = await probe(await launchFixture('java-trace.js'));
    expect(p.facts).toMatchObject({ logicalLines: 2, formats: { plain: 2, continuation: 6 }, stackTraces: { unstructured: 1 } });
    expect(p.checks.logsStackTracesUnstructured!.evidence[0]).toMatch(/IllegalStateException: boom ⏎ at com\.example\.Orders\.get/);
  });

  it('is a blocker when the workload logs only to a file, with the file as evidence', async () => {
    const file = path.join(dir, 'app.log');
    const p = await probe(await launchFixture('file-only.js', [file], {}, () => existsSync(file)));
    const check = p.checks.logsNotOnStdout!;
    expect(check.status).toBe('fail');
    expect(check.severity).toBe('critical');
    expect(check.evidence).toEqual(expect.arrayContaining([`the process holds ${file} open`]));
  });

  it('reads the file too when the workload names it, and still calls stdout silent', async () => {
    const file = path.join(dir, 'named.log');
    const target = await launchFixture('file-only.js', [file], { logs: { file } }, () => existsSync(file));
    const p = await probe(target, { windowMs: 400 });
    expect(p.checks.logsNotOnStdout!.status).toBe('fail');
    expect(p.checks.logsNotStructured!.status).toBe('pass');
    expect((p.facts.streams as Record<string, number>).file).toBeGreaterThan(0);
  });

  it('redacts the secrets it shows', async () => {
    const p = await probe(await launchFixture('secrets.js'));
    const evidence = p.checks.logsSecretsExposed!.evidence.join('\n');
    expect(evidence).toMatch(/AWS access key id/);
    expect(evidence).toMatch(/Authorization header/);
    expect(evidence).not.toMatch(/AKIAIOSFODNN7EXAMPLE|eyJhbGciOiJIUzI1NiJ9/);
  });
});

describe('logs probe on hostile output', () => {
  it('cuts a 10 MB line, counts it, and keeps reading', async () => {
    const p = await probe(await launchFixture('hostile-long.js'), { windowMs: 800 });
    expect(p.facts.mangled).toMatchObject({ truncated: 1 });
    expect(p.checks.logsLinesMangled!.status).toBe('fail');
    // The cut line is not held against the structure: the line after it is JSON.
    expect(p.facts).toMatchObject({ logicalLines: 1, structuredLines: 1 });
    expect(JSON.stringify(p.facts).length).toBeLessThan(100_000);
    expect(p.checks.logsNotStructured!.evidence.join('')).not.toContain('x'.repeat(1000));
  });

  it('reports binary bytes and colour codes without passing them on', async () => {
    const p = await probe(await launchFixture('hostile-binary.js'));
    expect((p.facts.mangled as Record<string, number>).invalidUtf8).toBeGreaterThan(0);
    expect((p.facts.mangled as Record<string, number>).ansi).toBeGreaterThanOrEqual(1);
    for (const r of Object.values(p.checks)) for (const e of r.evidence) expect(e).not.toMatch(/[\u0000\u001b]/);
  });

  it('stays bounded when the workload never stops writing', async () => {
    const p = await probe(await launchFixture('endless.js'), { maxLines: 1000, windowMs: 300 });
    expect(p.facts.lines).toBeLessThanOrEqual(1000);
    expect(p.checks.logsNotStructured!.status).toBe('pass');
  });
});

describe('logs probe without a source', () => {
  it('skips a url-only workload and says why', async () => {
    const p = await probe({ name: 'u', baseDir: dir, url: 'http://127.0.0.1:1', config: { name: 'u', url: 'http://127.0.0.1:1' } });
    expect(p.outcome.skipped).toMatch(/no log source.*logs\.file nor logs\.command/);
  });
});
