/**
 * Check fixtures produced by the probe, not written by hand. The metrics probe runs
 * against real servers — a prom-client app, and Debian's prometheus-node-exporter when
 * installed — its facts are held to the facts schema with ajv (whole, not a partial), and
 * every metrics check is judged on them against what an expert expects of that server
 * (written below before the probe ever ran on it). The facts of the last such run are kept
 * in test/fixtures/checks/metrics-live.yaml and judged the same way on every run, server or
 * not; `UPDATE_LIVE_FIXTURES=1 npx jest test/metrics/live-fixture` records them again.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { parse, stringify } from 'yaml';
import { metricsProbe } from '../../probes/metrics';
import type { MetricsFacts } from '../../probes/metrics/facts-schema';
import { evaluateProbeChecks } from '../../src/checks/evaluate-checks';
import { loadChecks } from '../../src/checks/load-checks';
import { freePort, requireBinary } from '../support/binaries';
import { eventually, untilStatus } from '../support/eventually';
import { metricsTarget, probeMetrics } from '../support/metrics-probe';
import { httpServer, type TestServer } from '../support/servers';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'checks', 'metrics-live.yaml');
const checks = loadChecks(undefined, ['metrics']).byProbe('metrics');
const validate = new Ajv({ strict: false, allErrors: true }).compile(metricsProbe.facts!);

type Status = 'pass' | 'fail' | 'unknown';
/** The target's time is unknown, not judged, when distroready was busy while timing it. */
const TIMED: Status[] = ['pass', 'unknown'];

/** What an expert expects of each server, check by check. */
const EXPECTED: Record<string, Record<string, Status | Status[]>> = {
  // Default Node.js metrics plus the request counter and histogram of prom-client's README:
  // everything but naming (its default nodejs_active_*_total are gauges; promtool agrees).
  'prom-client': {
    metricsEndpointMissing: 'pass', metricsExpositionInvalid: 'pass', metricsContentTypeUnknown: 'pass', metricsScrapeOverLimits: 'pass',
    metricsRuntimeMissing: 'pass', metricsRedMissing: 'pass', metricsLatencyHistogramMissing: 'pass', metricsNamingUnconventional: 'fail',
    metricsSeriesMalformed: 'pass', metricsTooManySeries: 'pass', metricsLabelCardinalityHigh: 'pass', metricsScrapeSlow: TIMED,
    // Not a cluster workload: no prometheus.io annotations or ServiceMonitors to hold to what answers.
    metricsAnnotationUntrue: 'unknown', metricsServiceMonitorUntrue: 'unknown',
  },
  // node_exporter: Go runtime and process metrics; its only request counters are promhttp's
  // for its own /metrics handler (Prometheus' scrapes, not served traffic), so no RED and no
  // request latency; promtool reports 67 naming problems (bits, camelCase /proc names).
  node_exporter: {
    metricsEndpointMissing: 'pass', metricsExpositionInvalid: 'pass', metricsContentTypeUnknown: 'pass', metricsScrapeOverLimits: 'pass',
    metricsRuntimeMissing: 'pass', metricsRedMissing: 'fail', metricsLatencyHistogramMissing: 'fail', metricsNamingUnconventional: 'fail',
    metricsSeriesMalformed: 'pass', metricsTooManySeries: 'pass', metricsLabelCardinalityHigh: 'pass', metricsScrapeSlow: TIMED,
    // Not a cluster workload: no prometheus.io annotations or ServiceMonitors to hold to what answers.
    metricsAnnotationUntrue: 'unknown', metricsServiceMonitorUntrue: 'unknown',
  },
};

interface Recorded {
  server: keyof typeof EXPECTED;
  /** What ran, for the reader: the server and its version. */
  source: string;
  facts: MetricsFacts;
}

function judged(facts: MetricsFacts): Record<string, Status> {
  const results = evaluateProbeChecks(checks, { status: 'pass', facts });
  return Object.fromEntries(results.map((r) => [r.id, r.status as Status]));
}

/** Statuses that agree with the expectation come back as the expectation, so one toEqual shows every disagreement. */
function against(server: string, statuses: Record<string, Status>): Record<string, Status | Status[]> {
  const want = EXPECTED[server]!;
  return Object.fromEntries(Object.entries(statuses).map(([id, s]) => [id, [want[id]].flat().includes(s) ? want[id]! : s]));
}

const recorded: Recorded[] = existsSync(FIXTURE) ? (parse(readFileSync(FIXTURE, 'utf8')) as Recorded[]) : [];
const fresh: Recorded[] = [];

describe('recorded live facts (test/fixtures/checks/metrics-live.yaml)', () => {
  it('holds a run of each server', () => {
    expect(recorded.map((r) => r.server).sort()).toEqual(Object.keys(EXPECTED).sort());
  });
  it.each(recorded.map((r) => [r.server, r] as const))('%s: facts match the schema and are judged as expected', (server, r) => {
    expect(validate(r.facts) ? null : validate.errors).toBeNull();
    expect(against(server, judged(r.facts))).toEqual(EXPECTED[server]);
  });
});

async function live(server: keyof typeof EXPECTED, source: string, url: string): Promise<void> {
  const { facts } = await probeMetrics(metricsTarget(url));
  expect(against(server, judged(facts))).toEqual(EXPECTED[server]);
  fresh.push({ server, source, facts });
}

describe('live: a prom-client app', () => {
  let app: TestServer;
  beforeAll(async () => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    const labelNames = ['method', 'route', 'status_code'];
    const requests = new Counter({ name: 'http_requests_total', help: 'HTTP requests served.', labelNames, registers: [registry] });
    const duration = new Histogram({ name: 'http_request_duration_seconds', help: 'HTTP request duration.', labelNames, registers: [registry] });
    app = await httpServer({
      '/metrics': (_q, res) => void registry.metrics().then((body) => res.writeHead(200, { 'content-type': registry.contentType }).end(body)),
    }, (req, res) => {
      const end = duration.startTimer({ method: req.method, route: '/' });
      res.writeHead(200).end('ok');
      requests.inc({ method: req.method, route: '/', status_code: '200' });
      end({ status_code: '200' });
    });
    await fetch(`${app.url}/`);
  });
  afterAll(() => app.close());

  it('is judged as expected', async () => {
    const version = (JSON.parse(readFileSync(require.resolve('prom-client/package.json'), 'utf8')) as { version: string }).version;
    await live('prom-client', `prom-client ${version} app (default metrics, http_requests_total, http_request_duration_seconds)`, app.url);
  });
});

const nodeExporter = requireBinary('prometheus-node-exporter');

(nodeExporter ? describe : describe.skip)('live: Debian\'s prometheus-node-exporter', () => {
  let proc: ChildProcess;
  let url: string;
  let output = '';
  beforeAll(async () => {
    url = `http://127.0.0.1:${await freePort()}`;
    proc = spawn(nodeExporter!, [`--web.listen-address=${url.slice('http://'.length)}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (c: Buffer): void => void (output = (output + c.toString()).slice(-10_000));
    proc.stdout!.on('data', keep);
    proc.stderr!.on('data', keep);
    await eventually('node_exporter /metrics answering 200', 20_000, untilStatus(`${url}/metrics`, 200), () => output, 200);
  }, 30_000);
  afterAll(async () => {
    if (proc.exitCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGTERM');
    await exited;
  });

  it('is judged as expected', async () => {
    const version = /version (\S+)/.exec(execFileSync(nodeExporter!, ['--version'], { encoding: 'utf8' }))?.[1] ?? 'of unknown version';
    await live('node_exporter', `prometheus-node-exporter ${version} (Debian), default collectors`, url);
  }, 30_000);
});

afterAll(() => {
  if (process.env.UPDATE_LIVE_FIXTURES !== '1') return;
  if (fresh.length !== Object.keys(EXPECTED).length) throw new Error('UPDATE_LIVE_FIXTURES needs every server: install prometheus-node-exporter');
  const header = '# Produced by test/metrics/live-fixture.test.ts from real servers (UPDATE_LIVE_FIXTURES=1); do not edit by hand.\n';
  writeFileSync(FIXTURE, header + stringify(fresh.sort((a, b) => a.server.localeCompare(b.server)), { lineWidth: 0 }));
});
