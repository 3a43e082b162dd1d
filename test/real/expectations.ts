/**
 * docs/real-software.md as data: what an expert expects distroready to say about each real
 * program, per mode. `failing` names the expectations distroready does not meet yet, each
 * with the issue-10 point and the file that computes the wrong fact; the test marks them
 * `it.failing`, so a fix flips them and the test says to drop the mark.
 */
import type { Mode } from '../support/real-judge';

export type CheckStatus = 'pass' | 'fail' | 'unknown';
type PerMode<T> = T | Record<Mode, T>;

export interface Red {
  rate: string | null;
  errors: string | null;
  duration: string | null;
}

export interface ProgramExpectation {
  verdict: Record<Mode, string>;
  probes: Record<string, PerMode<string>>;
  checks: Record<string, PerMode<CheckStatus>>;
  logs: { format: 'logfmt' | 'json' | 'plain'; streams: ('stdout' | 'stderr')[] };
  /** `endpoint: null`: no metrics endpoint at all. */
  metrics: { endpoint: '/metrics' | null; red?: Red; latency?: string | null; afterTraffic?: (keyof Red | 'latency')[] };
  health: { speaksHttp: boolean; catchAll: boolean; liveness: string | null; readiness: string | null };
  /** Expectation key (as the test names it: `run:verdict`, `url:probe:traces`, `run:check:X`, `run:metrics:red` …) → why it fails today. */
  failing?: Record<string, string>;
  /** Expectation key → why distroready's answer is not even stable today (it changes from run to run): skipped, named as pending. */
  pending?: Record<string, string>;
}

const both = <T>(run: T, url: T): Record<Mode, T> => ({ run, url });

/** Verdict and probe/check expectations every program shares: no spans, no shell audit input for `url`. */
const common = {
  probes: { traces: both('fail', 'unknown'), shell: both('pass', 'skip') },
  checks: {
    tracesNotExported: both<CheckStatus>('fail', 'unknown'),
    shellSpawnedAtRuntime: both<CheckStatus>('pass', 'unknown'),
    logsNotOnStdout: 'pass' as CheckStatus,
    logsTraceNotCorrelated: 'unknown' as CheckStatus,
  },
};

/** Go servers with structured logs on stderr and a /metrics endpoint. */
function goServer(e: Omit<ProgramExpectation, 'verdict' | 'probes' | 'checks' | 'logs'> & { logs?: ProgramExpectation['logs']; probes?: ProgramExpectation['probes']; checks?: ProgramExpectation['checks'] }): ProgramExpectation {
  return {
    verdict: both('caveats', 'incomplete'),
    logs: e.logs ?? { format: 'logfmt', streams: ['stderr'] },
    metrics: e.metrics,
    health: e.health,
    pending: {
      'run:check:metricsScrapeSlow': slowScrape,
      'url:check:metricsScrapeSlow': slowScrape,
      'run:check:healthSlow': slowHealth,
      'url:check:healthSlow': slowHealth,
      ...e.pending,
    },
    probes: { ...common.probes, logs: 'warn', ...e.probes },
    checks: {
      ...common.checks,
      logsNotStructured: 'pass',
      logsTraceIdsMissing: 'fail',
      logsSchemaInconsistent: 'pass',
      metricsEndpointMissing: 'pass',
      metricsExpositionInvalid: 'pass',
      metricsRuntimeMissing: 'pass',
      // These servers answer /metrics and their health endpoints in milliseconds (curl: 3-25 ms here).
      metricsScrapeSlow: 'pass',
      healthSlow: 'pass',
      ...e.checks,
    },
    failing: e.failing,
  };
}

/** A server that speaks no HTTP and writes unstructured lines. */
function tcpOnly(stream: 'stdout' | 'stderr'): ProgramExpectation {
  return {
    verdict: both('not-ready', 'not-ready'),
    logs: { format: 'plain', streams: [stream] },
    metrics: { endpoint: null },
    health: { speaksHttp: false, catchAll: false, liveness: null, readiness: null },
    probes: { ...common.probes, logs: 'fail', metrics: 'fail', health: 'fail' },
    checks: {
      ...common.checks,
      logsNotStructured: 'fail',
      metricsEndpointMissing: 'fail',
      healthLivenessMissing: 'fail',
      healthReadinessMissing: 'fail',
      healthBodyContradictsStatus: 'unknown',
    },
  };
}

const slowScrape =
  'off in this suite (test/support/real-judge.ts): scrapeMs times the target\'s part of the exchange and is timed again when distroready was busy (probes/shared/clean-timing.ts), but on a loaded test machine it can still end unknown instead of pass, so the suite does not hold it to one answer';
const slowHealth =
  'off in this suite (test/support/real-judge.ts): the health latencies time the target\'s part of the exchange and are timed again when distroready was busy (probes/health/retime.ts), but on a loaded test machine they can still end unknown instead of pass';
/**
 * An exporter's only HTTP counters are promhttp's count of its own scrapes. Taking them as
 * the workload's RED would, on any Go application that serves /metrics through promhttp,
 * report traffic metrics it does not have: nothing is picked, and the evidence says why.
 */
const promhttpOnly: Red = { rate: null, errors: null, duration: null };

export const EXPECTATIONS: Record<string, ProgramExpectation> = {
  'node-exporter': goServer({
    metrics: { endpoint: '/metrics', red: promhttpOnly, latency: null },
    health: { speaksHttp: true, catchAll: true, liveness: null, readiness: null },
    probes: { metrics: 'warn', health: 'fail' },
    checks: { logsFieldsMissing: 'fail', metricsRedMissing: 'fail', metricsLatencyHistogramMissing: 'fail', healthLivenessMissing: 'fail', healthReadinessMissing: 'fail', healthBodyContradictsStatus: 'unknown' },
  }),
  alertmanager: goServer({
    metrics: {
      endpoint: '/metrics',
      red: { rate: 'alertmanager_http_request_duration_seconds', errors: null, duration: 'alertmanager_http_request_duration_seconds' },
      latency: 'alertmanager_http_request_duration_seconds',
      afterTraffic: ['rate', 'duration', 'latency'],
    },
    health: { speaksHttp: true, catchAll: false, liveness: '/-/healthy', readiness: '/-/ready' },
    probes: { metrics: 'warn', health: 'pass' },
    checks: { logsFieldsMissing: 'fail', metricsRedMissing: 'fail', healthLivenessMissing: 'pass', healthReadinessMissing: 'pass', healthEndpointsIdentical: 'pass' },
  }),
  pushgateway: goServer({
    metrics: {
      endpoint: '/metrics',
      red: { rate: 'pushgateway_http_requests_total', errors: 'pushgateway_http_requests_total{code}', duration: null },
      latency: null,
      afterTraffic: ['rate', 'errors'],
    },
    health: { speaksHttp: true, catchAll: false, liveness: '/-/healthy', readiness: '/-/ready' },
    probes: { metrics: 'warn', health: 'pass' },
    checks: { logsFieldsMissing: 'fail', metricsRedMissing: 'fail', metricsLatencyHistogramMissing: 'fail', healthLivenessMissing: 'pass', healthReadinessMissing: 'pass' },
  }),
  'blackbox-exporter': goServer({
    metrics: { endpoint: '/metrics', red: promhttpOnly, latency: null },
    health: { speaksHttp: true, catchAll: true, liveness: '/-/healthy', readiness: null },
    probes: { metrics: 'warn', health: 'fail' },
    checks: { logsFieldsMissing: 'fail', metricsRedMissing: 'fail', metricsLatencyHistogramMissing: 'fail', healthLivenessMissing: 'pass', healthReadinessMissing: 'fail' },
  }),
  prometheus: goServer({
    metrics: {
      endpoint: '/metrics',
      red: { rate: 'prometheus_http_requests_total', errors: 'prometheus_http_requests_total{code}', duration: 'prometheus_http_request_duration_seconds' },
      latency: 'prometheus_http_request_duration_seconds',
      afterTraffic: ['rate', 'errors', 'duration', 'latency'],
    },
    health: { speaksHttp: true, catchAll: false, liveness: '/-/healthy', readiness: '/-/ready' },
    probes: { health: 'pass' },
    checks: { logsFieldsMissing: 'fail', healthLivenessMissing: 'pass', healthReadinessMissing: 'pass', healthEndpointsIdentical: 'pass' },
  }),
  etcd: goServer({
    logs: { format: 'json', streams: ['stderr'] },
    metrics: { endpoint: '/metrics', red: { rate: 'grpc_server_handled_total', errors: 'grpc_server_handled_total{grpc_code}', duration: null }, latency: null },
    health: { speaksHttp: true, catchAll: false, liveness: '/health', readiness: '/health' },
    probes: { metrics: 'warn', health: 'warn' },
    checks: { logsFieldsMissing: 'pass', metricsRedMissing: 'fail', metricsLatencyHistogramMissing: 'fail', healthEndpointsIdentical: 'fail' },
  }),
  redis: tcpOnly('stdout'),
  postgresql: tcpOnly('stderr'),
  mosquitto: tcpOnly('stderr'),
  nginx: {
    verdict: both('not-ready', 'not-ready'),
    logs: { format: 'plain', streams: ['stdout', 'stderr'] },
    metrics: { endpoint: null },
    health: { speaksHttp: true, catchAll: false, liveness: null, readiness: null },
    probes: { ...common.probes, logs: 'fail', metrics: 'fail', health: 'fail' },
    checks: {
      ...common.checks,
      logsNotStructured: 'fail',
      metricsEndpointMissing: 'fail',
      healthLivenessMissing: 'fail',
      healthReadinessMissing: 'fail',
      healthBodyContradictsStatus: 'unknown',
    },
  },
};
