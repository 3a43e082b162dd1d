/**
 * Is the endpoint worth scraping? Without a shell, metrics are how people see a
 * workload: process/runtime health, and for an HTTP service its RED signals (request
 * rate, errors, duration) with a latency histogram or summary to take quantiles from.
 * Recognised by the names client libraries and semantic conventions use.
 */
import { labelNamesOf, type MetricFamily } from '../parser/exposition';

const RUNTIME = /^(process_|go_|nodejs_|jvm_|python_|dotnet_|ruby_|erlang_vm_|beam_|php_|rust_|runtime_|deno_|bun_)/;
const REQUESTS = /(request|rpc|handled|http_server|grpc_server|calls|operations)/;
const DURATION = /(duration|latency|response_time|request_time|_seconds$)/;
const ERROR_NAME = /(error|fail|exception)/;
/** Families about scraping itself, not the service's traffic. */
const NOT_TRAFFIC = /^(promhttp_|prometheus_target_|scrape_)/;
/** Labels that tell failures from successes on a request family. */
const OUTCOME_LABELS = ['code', 'status', 'status_code', 'http_status', 'http_status_code', 'http_response_status_code', 'grpc_code', 'rpc_grpc_status_code', 'outcome', 'result', 'error', 'error_type'];

export interface Usefulness {
  /** Process/runtime families found (up to 10). */
  runtimeFamilies: string[];
  /** A family whose rate is a request rate (a request counter, or a duration histogram's count). */
  rateFamily: string | null;
  /** Where errors show: `family{label}` or an error counter's name. */
  errorSignal: string | null;
  /** A histogram or summary of request duration. */
  durationFamily: string | null;
  /** A latency histogram or summary (any duration, not only requests). */
  latencyFamily: string | null;
  latencyType: 'histogram' | 'summary' | null;
}

const isDistribution = (f: MetricFamily): boolean => f.type === 'histogram' || f.type === 'summary';

export function assessUsefulness(families: MetricFamily[]): Usefulness {
  const live = families.filter((f) => f.count > 0);
  const runtimeFamilies = live.filter((f) => RUNTIME.test(f.name)).slice(0, 10).map((f) => f.name);
  // Runtime distributions (go_gc_duration_seconds, nodejs_gc_duration_seconds) and the
  // metrics handler's own counters (promhttp_*) say nothing about the work the service does.
  const own = live.filter((f) => !RUNTIME.test(f.name) && !NOT_TRAFFIC.test(f.name));
  const latency = own.find((f) => isDistribution(f) && DURATION.test(f.name)) ?? null;
  const duration = own.find((f) => isDistribution(f) && DURATION.test(f.name) && REQUESTS.test(f.name)) ?? null;
  const counter = own.find((f) => f.type === 'counter' && REQUESTS.test(f.name) && !ERROR_NAME.test(f.name)) ?? null;
  const rate = counter ?? duration;
  let errorSignal: string | null = null;
  for (const f of [counter, duration]) {
    if (f === null) continue;
    const names = labelNamesOf(f);
    const label = OUTCOME_LABELS.find((l) => names.has(l));
    if (label) {
      errorSignal = `${f.name}{${label}}`;
      break;
    }
  }
  errorSignal ??= own.find((f) => f.type === 'counter' && ERROR_NAME.test(f.name) && REQUESTS.test(f.name))?.name ?? null;
  return {
    runtimeFamilies,
    rateFamily: rate?.name ?? null,
    errorSignal,
    durationFamily: duration?.name ?? null,
    latencyFamily: latency?.name ?? null,
    latencyType: latency ? (latency.type as 'histogram' | 'summary') : null,
  };
}

/**
 * Request metrics declared (HELP/TYPE) but without samples yet: a labelled counter or
 * histogram shows no series until its first request. The probe then scrapes once more,
 * as Prometheus' next scrape would, since the first scrape was itself a request.
 */
export function awaitsTraffic(families: MetricFamily[]): boolean {
  return families.some((f) => f.count === 0 && f.typed && (REQUESTS.test(f.name) || DURATION.test(f.name)));
}
