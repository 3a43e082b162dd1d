/**
 * Usefulness as client libraries name things: each row is a small exposition shaped like a
 * real library's output, and what the probe must conclude about runtime metrics, RED and
 * latency. Runtime GC histograms and the metrics handler's own counters do not count as
 * the service's traffic.
 */
import { parseExposition } from '../../probes/metrics/parser/parse';
import { assessUsefulness } from '../../probes/metrics/analysis/usefulness';

const histogram = (name: string, labels: string): string =>
  `# HELP ${name} D.\n# TYPE ${name} histogram\n${name}_bucket{${labels},le="0.1"} 1\n${name}_bucket{${labels},le="+Inf"} 2\n${name}_sum{${labels}} 0.3\n${name}_count{${labels}} 2\n`;
const summary = (name: string): string => `# HELP ${name} D.\n# TYPE ${name} summary\n${name}{quantile="0.5"} 0.01\n${name}_sum 1\n${name}_count 3\n`;
const counter = (name: string, labels: string): string => `# HELP ${name} C.\n# TYPE ${name} counter\n${name}{${labels}} 7\n`;
const gauge = (name: string): string => `# HELP ${name} G.\n# TYPE ${name} gauge\n${name} 1\n`;

const GO_DEFAULTS = summary('go_gc_duration_seconds') + gauge('go_goroutines') + counter('promhttp_metric_handler_requests_total', 'code="200"');
const NODE_DEFAULTS = histogram('nodejs_gc_duration_seconds', 'kind="major"') + gauge('process_resident_memory_bytes');

describe.each([
  ['Go defaults only', GO_DEFAULTS, { runtime: true, rate: null, errors: null, duration: null, latency: null }],
  ['Node defaults only', NODE_DEFAULTS, { runtime: true, rate: null, errors: null, duration: null, latency: null }],
  [
    'Go service (promhttp middleware)',
    GO_DEFAULTS + counter('http_requests_total', 'code="200",method="get"') + histogram('http_request_duration_seconds', 'handler="/"'),
    { runtime: true, rate: 'http_requests_total', errors: 'http_requests_total{code}', duration: 'http_request_duration_seconds', latency: 'http_request_duration_seconds' },
  ],
  [
    'Spring Boot (Micrometer)',
    gauge('jvm_threads_live_threads') + histogram('http_server_requests_seconds', 'status="200",uri="/"'),
    { runtime: true, rate: 'http_server_requests_seconds', errors: 'http_server_requests_seconds{status}', duration: 'http_server_requests_seconds', latency: 'http_server_requests_seconds' },
  ],
  [
    'gRPC server (go-grpc-prometheus)',
    counter('grpc_server_handled_total', 'grpc_code="OK",grpc_method="Get"') + histogram('grpc_server_handling_seconds', 'grpc_method="Get"'),
    { runtime: false, rate: 'grpc_server_handled_total', errors: 'grpc_server_handled_total{grpc_code}', duration: 'grpc_server_handling_seconds', latency: 'grpc_server_handling_seconds' },
  ],
  [
    'a worker: job latency but no requests',
    gauge('process_open_fds') + histogram('job_duration_seconds', 'queue="a"'),
    { runtime: true, rate: null, errors: null, duration: null, latency: 'job_duration_seconds' },
  ],
])('%s', (_name, text, want) => {
  it('is judged as its library would be used', () => {
    const parsed = parseExposition(text, 'text');
    expect(parsed.errors).toEqual([]);
    const u = assessUsefulness(parsed.families);
    expect({ runtime: u.runtimeFamilies.length > 0, rate: u.rateFamily, errors: u.errorSignal, duration: u.durationFamily, latency: u.latencyFamily }).toEqual(want);
  });
});
