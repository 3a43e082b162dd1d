/**
 * `distroready check --format json` over the bundled examples, as a user runs it: the
 * compiled CLI in its own process. `ready` and `legacy` must get different verdicts, for
 * the right reasons.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Report } from '../../src/model';
import { CLI, examplesConfig } from '../support/examples-config';

const run = promisify(execFile);

describe('distroready check over the examples', () => {
  let report: Report;
  beforeAll(async () => {
    const { file } = await examplesConfig();
    const { stdout } = await run(process.execPath, [CLI, 'check', '--config', file, '--format', 'json'], { timeout: 90_000 });
    report = JSON.parse(stdout) as Report;
  }, 100_000);

  const workload = (name: string) => report.workloads.find((w) => w.name === name)!;
  const failed = (name: string) => workload(name).checks.filter((c) => c.status === 'fail');

  it('follows the report contract', () => {
    expect(report).toMatchObject({ version: 1, summary: { workloads: 2 } });
    expect(report.summary.ready + report.summary.caveats + report.summary.notReady).toBe(2);
    for (const w of report.workloads) {
      expect(Object.keys(w).sort()).toEqual(expect.arrayContaining(['name', 'score', 'verdict', 'blockers', 'probes', 'checks']));
      for (const c of w.checks) expect(Object.keys(c)).toEqual(expect.arrayContaining(['id', 'probe', 'status', 'severity', 'message', 'evidence', 'remediation']));
    }
  });

  it('finds ready ready: no important or critical check fails', () => {
    expect(failed('ready').filter((c) => c.severity === 'critical' || c.severity === 'important')).toEqual([]);
    expect(workload('ready').verdict).toBe('ready');
    expect(workload('ready').probes.health?.status).toBe('pass');
  });

  it('finds legacy not ready because it has no health endpoints', () => {
    expect(workload('legacy').verdict).toBe('not-ready');
    expect(failed('legacy').map((c) => c.id)).toEqual(expect.arrayContaining(['healthLivenessMissing', 'healthReadinessMissing']));
    expect(workload('legacy').score!).toBeLessThan(workload('ready').score!);
  });
});
