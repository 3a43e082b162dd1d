/**
 * A real Prometheus server (Debian's `prometheus`) judged as a workload: its own /metrics
 * must come out valid and useful. It runs on a free port with a throw-away TSDB, is waited
 * for with a bound, and is killed at the end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { freePort, requireBinary } from '../support/binaries';
import { eventually, untilStatus } from '../support/eventually';
import { metricsTarget, probeMetrics } from '../support/metrics-probe';

const prometheus = requireBinary('prometheus');

(prometheus ? describe : describe.skip)('a real Prometheus as a workload', () => {
  let dir: string;
  let proc: ChildProcess;
  let url: string;
  let output = '';

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'distroready-prom-'));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    writeFileSync(path.join(dir, 'prometheus.yml'), `global: { scrape_interval: 1s }\nscrape_configs:\n  - job_name: self\n    static_configs: [{ targets: ['127.0.0.1:${port}'] }]\n`);
    proc = spawn(prometheus!, [
      `--config.file=${path.join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`, '--storage.tsdb.retention.time=1h',
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (c: Buffer): void => void (output = (output + c.toString()).slice(-10_000));
    proc.stdout!.on('data', keep);
    proc.stderr!.on('data', keep);
    await eventually('prometheus /-/ready answering 200', 20_000, untilStatus(`${url}/-/ready`, 200), () => output, 200);
  }, 30_000);

  afterAll(async () => {
    if (proc && proc.exitCode === null) {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('finds /metrics, parses it valid, and sees runtime, RED and latency histograms', async () => {
    const { facts, statusOf } = await probeMetrics(metricsTarget(url));
    expect(facts).toMatchObject({ url: `${url}/metrics`, found: true, valid: true });
    // Its own HTTP server's counter and histogram: real RED, by the client_golang convention with a namespace.
    expect(facts.signals).toMatchObject({
      rate: { metric: 'prometheus_http_requests_total' }, errors: { metric: 'prometheus_http_requests_total{code}' },
      duration: { metric: 'prometheus_http_request_duration_seconds' }, latency: { metric: 'prometheus_http_request_duration_seconds' },
    });
    for (const id of ['metricsEndpointMissing', 'metricsExpositionInvalid', 'metricsContentTypeUnknown', 'metricsScrapeOverLimits', 'metricsRuntimeMissing', 'metricsRedMissing', 'metricsLatencyHistogramMissing', 'metricsSeriesMalformed']) {
      expect({ id, status: statusOf(id) }).toEqual({ id, status: 'pass' });
    }
  });
});
