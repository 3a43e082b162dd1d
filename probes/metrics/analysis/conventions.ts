/**
 * What a metric family means, by the names instrumentation libraries give their families:
 * one table, read top to bottom (earlier rows win), each row with where the name comes
 * from. The recogniser (`usefulness.ts`) only looks names up here; a family that is not in
 * the table is not taken for the workload's traffic, however its name sounds
 * (`node_disk_flush_requests_time_seconds_total` counts disk flushes, not requests).
 */
import type { MetricType } from '../parser/exposition';

/** What a family says about the traffic the workload serves. */
export type Role =
  /** Counts requests (or RPCs) served: its rate is the request rate. */
  | 'requests'
  /** A histogram or summary of server request durations: latency, and its `_count` is a rate. */
  | 'duration'
  /** A worker's job or task durations: latency of its work, but not request traffic. */
  | 'work'
  /** The metrics endpoint's own instrumentation: Prometheus' scrapes, not the workload's traffic. */
  | 'metrics-handler';

export interface Convention {
  /** The family name as the text format exposes it (counters with `_total`). */
  name: string;
  /**
   * `exact`: this name only. `namespaced`: also `<namespace>_<name>` and
   * `<namespace>_<subsystem>_<name>`, the client libraries' Namespace/Subsystem options
   * (`prometheus_http_requests_total`, `caddy_http_request_duration_seconds`).
   */
  match: 'exact' | 'namespaced';
  role: Role;
  types: readonly MetricType[];
  /** What the family is, for the evidence: "Micrometer's server request timer". */
  what: string;
}

const COUNTER = ['counter'] as const;
const DISTRIBUTION = ['histogram', 'summary'] as const;
const HISTOGRAM = ['histogram'] as const;

export const CONVENTIONS: readonly Convention[] = [
  // OpenTelemetry semantic conventions, HTTP server (stable since 1.23): http.server.request.duration,
  // unit s, exported to Prometheus with the unit suffix.
  // https://opentelemetry.io/docs/specs/semconv/http/http-metrics/#metric-httpserverrequestduration
  { name: 'http_server_request_duration_seconds', match: 'exact', role: 'duration', types: HISTOGRAM, what: 'the OpenTelemetry semantic conventions\' HTTP server request duration (http.server.request.duration)' },
  // The same conventions before 1.23: http.server.duration in ms (opentelemetry-js before 2.x wrote it without the unit).
  { name: 'http_server_duration_milliseconds', match: 'exact', role: 'duration', types: HISTOGRAM, what: 'the pre-1.23 OpenTelemetry HTTP server duration (http.server.duration, ms)' },
  { name: 'http_server_duration', match: 'exact', role: 'duration', types: HISTOGRAM, what: 'the pre-1.23 OpenTelemetry HTTP server duration (http.server.duration, ms)' },
  // Micrometer's http.server.requests timer (Spring Boot, Quarkus, Micronaut): a summary, or a
  // histogram with percentiles-histogram; labels method, uri, status, outcome, exception.
  // https://docs.spring.io/spring-boot/reference/actuator/metrics.html#actuator.metrics.supported.spring-mvc
  { name: 'http_server_requests_seconds', match: 'exact', role: 'duration', types: DISTRIBUTION, what: 'Micrometer\'s server request timer (http.server.requests)' },
  // The Prometheus client libraries' HTTP middleware: client_golang's promhttp.InstrumentHandler*
  // examples, prom-client's README and express-prom-bundle, prometheus-net's UseHttpMetrics,
  // prometheus-fastapi-instrumentator; with a Namespace in Prometheus' own servers.
  // https://pkg.go.dev/github.com/prometheus/client_golang/prometheus/promhttp#InstrumentHandlerDuration
  { name: 'http_request_duration_seconds', match: 'namespaced', role: 'duration', types: DISTRIBUTION, what: 'the Prometheus client libraries\' HTTP request duration (promhttp, prom-client, prometheus-net)' },
  { name: 'http_requests_total', match: 'namespaced', role: 'requests', types: COUNTER, what: 'the Prometheus client libraries\' HTTP request counter (promhttp.InstrumentHandlerCounter)' },
  // weaveworks/common and dskit's instrumentation middleware (Cortex, Loki, Mimir, Tempo):
  // <namespace>_request_duration_seconds{method, route, status_code}, HTTP and gRPC alike.
  { name: 'request_duration_seconds', match: 'namespaced', role: 'duration', types: HISTOGRAM, what: 'the weaveworks/dskit request duration (HTTP and gRPC, by status_code)' },
  // actix-web-prom and axum-prometheus (Rust) pluralise the duration.
  { name: 'http_requests_duration_seconds', match: 'namespaced', role: 'duration', types: HISTOGRAM, what: 'actix-web-prom / axum-prometheus\'s HTTP request duration' },
  // prometheus-client's Rack middleware (Ruby).
  // https://github.com/prometheus/client_ruby#rack-middleware
  { name: 'http_server_requests_total', match: 'exact', role: 'requests', types: COUNTER, what: 'the Ruby client\'s Rack collector request counter' },
  // prometheus-net's ASP.NET Core middleware.
  { name: 'http_requests_received_total', match: 'exact', role: 'requests', types: COUNTER, what: 'prometheus-net\'s ASP.NET Core request counter' },
  // prometheus-flask-exporter and django-prometheus (Python).
  { name: 'flask_http_request_duration_seconds', match: 'exact', role: 'duration', types: HISTOGRAM, what: 'prometheus-flask-exporter\'s request duration' },
  { name: 'flask_http_request_total', match: 'exact', role: 'requests', types: COUNTER, what: 'prometheus-flask-exporter\'s request counter' },
  { name: 'django_http_requests_latency_including_middlewares_seconds', match: 'exact', role: 'duration', types: HISTOGRAM, what: 'django-prometheus\'s request latency' },
  { name: 'django_http_responses_total_by_status_total', match: 'exact', role: 'requests', types: COUNTER, what: 'django-prometheus\'s responses by status' },
  // Kubernetes' API server (and every apiserver built on k8s.io/apiserver).
  // https://kubernetes.io/docs/reference/instrumentation/metrics/
  { name: 'apiserver_request_duration_seconds', match: 'exact', role: 'duration', types: HISTOGRAM, what: 'the Kubernetes API server\'s request duration' },
  { name: 'apiserver_request_total', match: 'exact', role: 'requests', types: COUNTER, what: 'the Kubernetes API server\'s request counter' },

  // gRPC. go-grpc-prometheus / go-grpc-middleware's prometheus provider (etcd, most Go servers):
  // grpc_server_handled_total by grpc_code; the handling histogram is opt-in.
  // https://github.com/grpc-ecosystem/go-grpc-middleware/tree/main/providers/prometheus
  { name: 'grpc_server_handling_seconds', match: 'exact', role: 'duration', types: HISTOGRAM, what: 'gRPC Go\'s server handling histogram (go-grpc-prometheus)' },
  { name: 'grpc_server_handled_total', match: 'exact', role: 'requests', types: COUNTER, what: 'gRPC Go\'s server interceptor: RPCs completed, by grpc_code (go-grpc-prometheus)' },
  // gRPC's own OpenTelemetry metrics (gRFC A66: grpc.server.call.duration, s) and the OpenTelemetry
  // RPC conventions (rpc.server.duration, ms). https://github.com/grpc/proposal/blob/master/A66-otel-stats.md
  { name: 'grpc_server_call_duration_seconds', match: 'exact', role: 'duration', types: HISTOGRAM, what: 'gRPC\'s OpenTelemetry server call duration (grpc.server.call.duration)' },
  { name: 'rpc_server_duration_milliseconds', match: 'exact', role: 'duration', types: HISTOGRAM, what: 'the OpenTelemetry RPC server duration (rpc.server.duration)' },
  // grpc-spring-boot-starter on Micrometer.
  { name: 'grpc_server_processing_duration_seconds', match: 'exact', role: 'duration', types: DISTRIBUTION, what: 'Micrometer\'s gRPC server processing timer' },

  // Proxies and web servers that export their own traffic.
  // nginx-prometheus-exporter over stub_status: every request, no status and no latency.
  // https://github.com/nginx/nginx-prometheus-exporter#metrics-for-nginx-oss
  { name: 'nginx_http_requests_total', match: 'exact', role: 'requests', types: COUNTER, what: 'nginx-prometheus-exporter\'s request counter (from stub_status: no status, no latency)' },
  // nginx-module-vts via its exporter: requests by code class.
  { name: 'nginx_vts_server_requests_total', match: 'exact', role: 'requests', types: COUNTER, what: 'nginx-vts-exporter\'s requests by code' },
  // apache_exporter over mod_status: every access, no status and no latency.
  { name: 'apache_accesses_total', match: 'exact', role: 'requests', types: COUNTER, what: 'apache_exporter\'s access counter (from mod_status: no status, no latency)' },
  // HAProxy's built-in exporter.
  { name: 'haproxy_frontend_http_responses_total', match: 'exact', role: 'requests', types: COUNTER, what: 'HAProxy\'s frontend responses by code' },
  { name: 'haproxy_frontend_http_requests_total', match: 'exact', role: 'requests', types: COUNTER, what: 'HAProxy\'s frontend request counter' },
  // Traefik. https://doc.traefik.io/traefik/observability/metrics/prometheus/
  { name: 'traefik_entrypoint_request_duration_seconds', match: 'exact', role: 'duration', types: HISTOGRAM, what: 'Traefik\'s entrypoint request duration' },
  { name: 'traefik_entrypoint_requests_total', match: 'exact', role: 'requests', types: COUNTER, what: 'Traefik\'s entrypoint request counter' },
  // Envoy (and Istio's sidecars): downstream = the requests it serves; time in ms.
  { name: 'envoy_http_downstream_rq_time', match: 'exact', role: 'duration', types: HISTOGRAM, what: 'Envoy\'s downstream request time (ms)' },
  { name: 'envoy_http_downstream_rq_xx', match: 'exact', role: 'requests', types: COUNTER, what: 'Envoy\'s downstream requests by response code class' },
  { name: 'istio_request_duration_milliseconds', match: 'exact', role: 'duration', types: HISTOGRAM, what: 'Istio\'s request duration (ms)' },
  { name: 'istio_requests_total', match: 'exact', role: 'requests', types: COUNTER, what: 'Istio\'s request counter' },
  // CoreDNS: DNS is the traffic it serves. https://coredns.io/plugins/metrics/
  { name: 'coredns_dns_request_duration_seconds', match: 'exact', role: 'duration', types: HISTOGRAM, what: 'CoreDNS\'s request duration' },
  { name: 'coredns_dns_responses_total', match: 'exact', role: 'requests', types: COUNTER, what: 'CoreDNS\'s responses by rcode' },

  // A worker's own work: the Prometheus naming practice for a job timer (<namespace>_job_duration_seconds).
  // https://prometheus.io/docs/practices/instrumentation/#offline-processing
  { name: 'job_duration_seconds', match: 'namespaced', role: 'work', types: DISTRIBUTION, what: 'a job duration (the Prometheus instrumentation practice for offline processing)' },
  { name: 'task_duration_seconds', match: 'namespaced', role: 'work', types: DISTRIBUTION, what: 'a task duration' },

  // client_golang's promhttp.Handler instruments itself: these count Prometheus' scrapes of
  // /metrics. https://pkg.go.dev/github.com/prometheus/client_golang/prometheus/promhttp#InstrumentMetricHandler
  { name: 'promhttp_metric_handler_requests_total', match: 'exact', role: 'metrics-handler', types: COUNTER, what: 'client_golang\'s promhttp counting requests to the metrics handler itself: Prometheus\' scrapes, not the workload\'s traffic' },
];

/**
 * Words that, in a namespace or subsystem, say a namespaced family is not traffic the
 * workload serves: calls it makes (`<ns>_client_`, Prometheus' `prometheus_sd_` service
 * discovery and `_remote_` write), or unstable internals (etcd's `etcd_debugging_`).
 */
export const NOT_SERVED = ['client', 'sd', 'remote', 'debugging'] as const;

/**
 * Labels that tell failures from successes on a request family, and who uses them: HTTP
 * status (promhttp `code`, Micrometer `status` and `outcome`, prom-client apps
 * `status_code`, OpenTelemetry `http_response_status_code` and `error_type`), gRPC status
 * (`grpc_code`, OpenTelemetry `rpc_grpc_status_code`, gRPC A66 `grpc_status`, Micrometer
 * `statusCode`), Envoy's `envoy_response_code_class`, Istio's `response_code`, CoreDNS' `rcode`.
 */
export const OUTCOME_LABELS = [
  'code', 'status', 'status_code', 'http_status', 'http_status_code', 'http_response_status_code', 'outcome', 'error_type',
  'grpc_code', 'grpc_status', 'rpc_grpc_status_code', 'statusCode', 'envoy_response_code_class', 'response_code', 'rcode',
] as const;

/**
 * Runtime and process metrics, by the prefixes the default collectors use: the process
 * collector (`process_`, every client library), client_golang (`go_`), prom-client
 * (`nodejs_`), Micrometer and client_java (`jvm_`), prometheus_client (`python_`),
 * prometheus-net and OpenTelemetry .NET (`dotnet_`), OpenTelemetry's Node runtime (`v8js_`),
 * prometheus.erl (`erlang_vm_`).
 */
export const RUNTIME_PREFIXES = ['process_', 'go_', 'nodejs_', 'jvm_', 'python_', 'dotnet_', 'v8js_', 'erlang_vm_'] as const;
