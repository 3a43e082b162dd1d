/**
 * Hostile input is normal input. Workloads that answer in 30 s, send 1 GB, redirect to the
 * metadata address, print <script> and invalid UTF-8, or flood stdout each get failed
 * checks with evidence — and the CLI, held to a 256 MB heap, neither crashes nor hangs,
 * and never lets their text into the report as markup.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { Report, WorkloadResult } from '../../src/model';
import { freePort } from '../support/binaries';
import { CLI } from '../support/examples-config';

const run = promisify(execFile);
const SCRIPT = path.join(__dirname, '..', 'fixtures', 'hostile', 'hostile-workload.js');
const MODES = ['slow', 'huge', 'redirect', 'script', 'flood'] as const;

describe('hostile workloads', () => {
  let report: Report;
  let html: string;

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'distroready-hostile-'));
    const workloads = await Promise.all(
      MODES.map(async (mode) => {
        const port = await freePort();
        return `  - name: ${mode}\n    run: { command: [${JSON.stringify(process.execPath)}, ${JSON.stringify(SCRIPT)}], env: { HOSTILE_MODE: ${mode}, PORT: "${port}" }, port: ${port} }\n`;
      }),
    );
    const config = path.join(dir, 'hostile.yaml');
    // A scrape deadline far above what 10 MiB over loopback takes, so the cap (not a loaded machine's clock) ends the 1 GB body.
    const probes = 'probes: { metrics: { scrapeTimeoutMs: 20000 } }';
    writeFileSync(config, `sweep: { timeout: 25s, concurrency: 5 }\notlp: { port: 0, grpcPort: 0, host: 127.0.0.1 }\n${probes}\nworkloads:\n${workloads.join('')}`);
    const out = path.join(dir, 'report.html');
    const cli = (format: string, extra: string[] = []) =>
      run(process.execPath, ['--max-old-space-size=256', CLI, 'check', '--config', config, '--format', format, ...extra], { timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
    // One after the other: both runs launch the same workloads on the same ports.
    const json = await cli('json');
    await cli('html', ['--out', out]);
    report = JSON.parse(json.stdout) as Report;
    html = readFileSync(out, 'utf8');
  }, 150_000);

  const workload = (name: string): WorkloadResult => report.workloads.find((w) => w.name === name)!;
  const failed = (name: string, id: string) => workload(name).checks.find((c) => c.id === id && c.status === 'fail');

  it('judges every hostile workload', () => {
    expect(report.workloads.map((w) => w.name).sort()).toEqual([...MODES].sort());
    for (const w of report.workloads) {
      const serious = w.checks.filter((c) => c.status === 'fail' && (c.severity === 'critical' || c.severity === 'important'));
      expect([w.name, w.verdict === 'ready', serious.length > 0]).toEqual([w.name, false, true]);
    }
  });

  it('fails a 30 s answer on time, with the timeout as evidence', () => {
    const check = failed('slow', 'healthLivenessMissing') ?? failed('slow', 'healthSlow');
    expect(check).toBeDefined();
    expect(workload('slow').checks.find((c) => c.id === 'metricsEndpointMissing')!.evidence.join('\n')).toMatch(/timeout|no complete response/);
  });

  it('refuses a 1 GB metrics body at the cap', () => {
    const evidence = workload('huge').checks.filter((c) => c.probe === 'metrics' && c.status === 'fail').flatMap((c) => c.evidence).join('\n');
    expect(evidence).toMatch(/larger than|too-large|limit/i);
  });

  it('never follows a redirect to the metadata address', () => {
    const evidence = workload('redirect').checks.filter((c) => c.probe === 'health').flatMap((c) => c.evidence).join('\n');
    expect(evidence).toMatch(/169\.254\.169\.254 is link-local or a cloud metadata address/);
  });

  it('keeps a flooding workload bounded and still judges its logs', () => {
    expect(workload('flood').probes.logs?.status).not.toBe('error');
  });

  it('escapes workload text in the HTML report', () => {
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toMatch(/<script|<img src=x|onerror=alert/i);
  });
});
