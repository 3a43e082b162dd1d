/**
 * Signals as instrumentation libraries name them: each row is a small exposition shaped
 * like a real library's or exporter's output, and what an expert reads from it (runtime
 * metrics, RED, latency). Families are picked by what they mean, by the conventions
 * table, or not at all.
 */
import { expositionFacts } from '../../probes/metrics/analysis/exposition-facts';
import { assessUsefulness } from '../../probes/metrics/analysis/usefulness';
import { CONVENTIONS } from '../../probes/metrics/analysis/conventions';
import { parseExposition } from '../../probes/metrics/parser/parse';

const histogram = (name: string, labels: string): string =>
  `# HELP ${name} D.\n# TYPE ${name} histogram\n${name}_bucket{${labels},le="0.1"} 1\n${name}_bucket{${labels},le="+Inf"} 2\n${name}_sum{${labels}} 0.3\n${name}_count{${labels}} 2\n`;
const summary = (name: string, labels = ''): string =>
  `# HELP ${name} D.\n# TYPE ${name} summary\n${name}{${labels}${labels ? ',' : ''}quantile="0.5"} 0.01\n${name}_sum${labels ? `{${labels}}` : ''} 1\n${name}_count${labels ? `{${labels}}` : ''} 3\n`;
const counter = (name: string, labels = ''): string => `# HELP ${name} C.\n# TYPE ${name} counter\n${name}${labels ? `{${labels}}` : ''} 7\n`;
const gauge = (name: string): string => `# HELP ${name} G.\n# TYPE ${name} gauge\n${name} 1\n`;

const GO_DEFAULTS = summary('go_gc_duration_seconds') + gauge('go_goroutines') + counter('process_cpu_seconds_total') +
  counter('promhttp_metric_handler_requests_total', 'code="200"') + gauge('promhttp_metric_handler_requests_in_flight');
const NODE_DEFAULTS = histogram('nodejs_gc_duration_seconds', 'kind="major"') + gauge('process_resident_memory_bytes');

interface Want { runtime: boolean; rate: string | null; errors: string | null; duration: string | null; latency: string | null }
const none = (runtime: boolean): Want => ({ runtime, rate: null, errors: null, duration: null, latency: null });

const CASES: [string, string, Want][] = [
  ['Go defaults only', GO_DEFAULTS, none(true)],
  ['Node defaults only', NODE_DEFAULTS, none(true)],
  [
    'Go service (promhttp middleware)',
    GO_DEFAULTS + counter('http_requests_total', 'code="200",method="get"') + histogram('http_request_duration_seconds', 'handler="/"'),
    { runtime: true, rate: 'http_requests_total', errors: 'http_requests_total{code}', duration: 'http_request_duration_seconds', latency: 'http_request_duration_seconds' },
  ],
  [
    'Spring Boot (Micrometer)',
    gauge('jvm_threads_live_threads') + summary('http_server_requests_seconds', 'status="200",uri="/"') + gauge('http_server_requests_seconds_max'),
    { runtime: true, rate: 'http_server_requests_seconds_count', errors: 'http_server_requests_seconds_count{status}', duration: 'http_server_requests_seconds', latency: 'http_server_requests_seconds' },
  ],
  [
    'OpenTelemetry semantic conventions (Prometheus exporter)',
    histogram('http_server_request_duration_seconds', 'http_request_method="GET",http_response_status_code="200"') + histogram('http_client_request_duration_seconds', 'http_response_status_code="200"'),
    { runtime: false, rate: 'http_server_request_duration_seconds_count', errors: 'http_server_request_duration_seconds_count{http_response_status_code}', duration: 'http_server_request_duration_seconds', latency: 'http_server_request_duration_seconds' },
  ],
  [
    'gRPC server (go-grpc-prometheus)',
    counter('grpc_server_handled_total', 'grpc_code="OK",grpc_method="Get"') + histogram('grpc_server_handling_seconds', 'grpc_method="Get"'),
    { runtime: false, rate: 'grpc_server_handled_total', errors: 'grpc_server_handled_total{grpc_code}', duration: 'grpc_server_handling_seconds', latency: 'grpc_server_handling_seconds' },
  ],
  [
    'a worker: job latency but no requests',
    gauge('process_open_fds') + histogram('billing_job_duration_seconds', 'queue="a"'),
    { runtime: true, rate: null, errors: null, duration: null, latency: 'billing_job_duration_seconds' },
  ],
  // Regressions (issue 10, point 10): picks that read the name, not its meaning.
  [
    'node_exporter: disk flush counters are not requests, the metrics handler is not traffic',
    GO_DEFAULTS + counter('node_disk_flush_requests_time_seconds_total', 'device="sda"') + counter('node_disk_flush_requests_total', 'device="sda"') + gauge('node_scrape_collector_duration_seconds'),
    none(true),
  ],
  [
    'nginx-prometheus-exporter: nginx_http_requests_total, not nginx_connections_handled',
    counter('nginx_connections_accepted') + counter('nginx_connections_handled') + counter('nginx_http_requests_total') + gauge('nginx_up'),
    { runtime: false, rate: 'nginx_http_requests_total', errors: null, duration: null, latency: null },
  ],
  [
    'Alertmanager: the HTTP request histogram, not the dispatcher summary',
    summary('alertmanager_dispatcher_alert_processing_duration_seconds') + histogram('alertmanager_http_request_duration_seconds', 'handler="/metrics",method="get"') +
      counter('alertmanager_notification_requests_total', 'integration="email"') + counter('alertmanager_notification_requests_failed_total', 'integration="email"'),
    { runtime: false, rate: 'alertmanager_http_request_duration_seconds_count', errors: null, duration: 'alertmanager_http_request_duration_seconds', latency: 'alertmanager_http_request_duration_seconds' },
  ],
  [
    'etcd: gRPC requests, no debugging family, no disk histogram as request latency',
    histogram('etcd_debugging_disk_backend_commit_rebalance_duration_seconds', 'x="1"') + counter('etcd_debugging_store_watch_requests_total') +
      histogram('etcd_disk_wal_fsync_duration_seconds', 'x="1"') + counter('grpc_server_handled_total', 'grpc_code="OK",grpc_method="Range"'),
    { runtime: false, rate: 'grpc_server_handled_total', errors: 'grpc_server_handled_total{grpc_code}', duration: null, latency: null },
  ],
  [
    'Prometheus: its HTTP server, not its Kubernetes service-discovery client',
    histogram('prometheus_sd_kubernetes_http_request_duration_seconds', 'endpoint="/api"') + counter('prometheus_http_requests_total', 'code="200",handler="/metrics"') +
      histogram('prometheus_http_request_duration_seconds', 'handler="/metrics"') + summary('prometheus_engine_query_duration_seconds', 'slice="inner_eval"'),
    { runtime: false, rate: 'prometheus_http_requests_total', errors: 'prometheus_http_requests_total{code}', duration: 'prometheus_http_request_duration_seconds', latency: 'prometheus_http_request_duration_seconds' },
  ],
  [
    'client-go: requests it makes are not requests it serves',
    histogram('rest_client_request_duration_seconds', 'verb="GET"') + counter('rest_client_requests_total', 'code="200"') + histogram('myapp_client_http_request_duration_seconds', 'code="200"'),
    none(false),
  ],
];

describe.each(CASES)('%s', (_name, text, want) => {
  it('is judged by what its families mean', () => {
    const parsed = parseExposition(text, 'text');
    expect(parsed.errors).toEqual([]);
    const { signals: s } = assessUsefulness(parsed.families);
    expect({ runtime: s.runtimeCount > 0, rate: s.rate?.metric ?? null, errors: s.errors?.metric ?? null, duration: s.duration?.metric ?? null, latency: s.latency?.metric ?? null }).toEqual(want);
  });
});

describe('what the evidence says', () => {
  it('names the convention behind each pick', () => {
    const { signals } = assessUsefulness(parseExposition(summary('http_server_requests_seconds', 'status="200"'), 'text').families);
    expect(signals.duration?.why).toBe("Micrometer's server request timer (http.server.requests)");
  });

  it('says the metrics handler is not the workload\'s traffic, and what it looked for instead', () => {
    const facts = expositionFacts(parseExposition(GO_DEFAULTS, 'text'));
    expect(facts.evidence.red.join('\n')).toMatch(/promhttp_metric_handler_requests_total: client_golang's promhttp counting requests to the metrics handler itself: Prometheus' scrapes, not the workload's traffic/);
    expect(facts.evidence.red[0]).toMatch(/^rate: none: .*e\.g\. http_requests_total/);
    expect(facts.evidence.latency[0]).toMatch(/^none: .*http_server_request_duration_seconds/);
  });

  it('reads OpenMetrics counter families (named without _total) as the text format\'s', () => {
    const om = '# TYPE http_requests counter\nhttp_requests_total{code="200"} 3\n# EOF\n';
    const { signals } = assessUsefulness(parseExposition(om, 'openmetrics').families);
    expect(signals.rate).toMatchObject({ metric: 'http_requests_total', family: 'http_requests' });
    expect(signals.errors?.metric).toBe('http_requests_total{code}');
  });

  it('has one row per name and role in the conventions table', () => {
    const keys = CONVENTIONS.map((c) => `${c.name}/${c.role}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
