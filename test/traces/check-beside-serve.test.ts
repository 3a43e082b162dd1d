/**
 * DESIGN: `check` starts its own OTLP receiver; when the configured ports are taken (a
 * `serve` already running) it binds free ones and hands those to `run` workloads. Here a
 * receiver holds the configured ports, and the compiled CLI must still trace `ready`.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import type { Report } from '../../src/model';
import { startOtlpReceiver, type OtlpReceiver } from '../../src/otlp/receiver';
import { silentLogger } from '../../src/telemetry/logger';
import { CLI, examplesConfig } from '../support/examples-config';

const run = promisify(execFile);

describe('distroready check while the OTLP ports are taken', () => {
  let squatter: OtlpReceiver;
  let report: Report;
  beforeAll(async () => {
    const { file } = await examplesConfig();
    const { otlp } = parse(readFileSync(file, 'utf8')) as { otlp: { port: number; grpcPort: number } };
    squatter = await startOtlpReceiver(
      { host: '127.0.0.1', port: otlp.port, grpcPort: otlp.grpcPort, maxBodyBytes: 1 << 20, maxSpans: 1000, retentionMs: 60_000 },
      { logger: silentLogger() },
    );
    expect(squatter.httpUrl).toBe(`http://127.0.0.1:${otlp.port}`);
    const { stdout } = await run(process.execPath, [CLI, 'check', '--config', file, '--probes', 'traces', '--format', 'json'], { timeout: 90_000 });
    report = JSON.parse(stdout) as Report;
  }, 100_000);
  afterAll(() => squatter?.close());

  it('traces ready through its own receiver on free ports', () => {
    const ready = report.workloads.find((w) => w.name === 'ready')!;
    expect(ready.checks.filter((c) => c.probe === 'traces').map((c) => [c.id, c.status])).toEqual(
      expect.arrayContaining([
        ['tracesNotExported', 'pass'],
        ['tracesContextIgnored', 'pass'],
      ]),
    );
    expect(squatter.spanIndex.stats().spans).toBe(0);
  });
});
