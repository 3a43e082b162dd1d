/**
 * Every metric distroready exposes, on an injected registry; the per-workload series are
 * written as text by result-series.ts. Scores are set from each workload's latest result
 * as it arrives; a scrape reads them and never triggers a probe. Label values are bounded
 * by the configured workloads, probes and checks.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { ProbeId } from '../../probes/types';
import type { CompactResult, ProbeResult } from '../model';
import { ResultSeries } from './result-series';

export interface Metrics {
  registry: Registry;
  /** Replaces every per-workload series with the given results (a finished sweep, or one `/probe` target). */
  setResults(results: readonly CompactResult[], sweepFinishedAt: Date): void;
  /** Sets one workload's series as its result arrives, leaving the others. */
  setResult(result: CompactResult): void;
  /**
   * A sweep finished: drops the series of workloads not named (removed from the config or
   * the cluster), counts those left as this replica's share of the fleet, and stamps the time.
   */
  sweepFinished(names: Iterable<string>, at: Date): void;
  /** The whole exposition: the registry's metrics, then the per-workload series. */
  render(): Promise<string>;
  observeProbe(probe: ProbeId, result: ProbeResult): void;
  /** RED metrics of distroready's own HTTP server. */
  httpRequestDuration: Histogram<'method' | 'route' | 'status_code'>;
  otlpSpansAccepted: Counter<'transport'>;
  otlpSpansRejected: Counter<'transport' | 'reason'>;
  otlpIndexedSpans: Gauge;
  /** Failed attempts to write result history (each retry counts). */
  storageWriteFailures: Counter;
}

export function createMetrics(registry: Registry, options: { processMetrics?: boolean; shard?: { index: number; total: number } | null } = {}): Metrics {
  if (options.processMetrics !== false) {
    // Includes nodejs_eventloop_lag_{min,max,mean,stddev,p50,p90,p99}_seconds: event-loop
    // delay sampled every 10 ms, the histogram reset at each scrape (README, "Self-monitoring").
    collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });
    // prom-client names these gauges `_total`, which promtool flags as a lint finding; the
    // same counts remain in the per-type gauges without the suffix.
    for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) registry.removeSingleMetric(name);
  }
  const reg = { registers: [registry] };
  const series = new ResultSeries();

  const probeDuration = new Histogram({
    name: 'distroready_probe_duration_seconds',
    help: 'How long probe runs took.',
    labelNames: ['probe'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    ...reg,
  });
  const probeRuns = new Counter({ name: 'distroready_probe_runs_total', help: 'Probe runs by final status of the probe itself.', labelNames: ['probe', 'outcome'], ...reg });
  const lastSweep = new Gauge({ name: 'distroready_last_sweep_timestamp_seconds', help: 'Unix time the last sweep finished.', ...reg });
  // Replicas split a fleet without overlap: sum this over replicas for the fleet's size.
  // (distroready_workload_info is per workload: result-series.ts writes it with the others.)
  const shardWorkloads = new Gauge({ name: 'distroready_shard_workloads', help: 'Workloads this replica judged in its last sweep, with its shard of the fleet.', labelNames: ['shard', 'shards'], ...reg });
  const shardLabels = { shard: String(options.shard?.index ?? 0), shards: String(options.shard?.total ?? 1) };

  return {
    registry,
    setResults(results, finishedAt) {
      series.clear();
      for (const r of results) series.set(r);
      lastSweep.set(finishedAt.getTime() / 1000);
    },
    setResult: (r) => series.set(r),
    sweepFinished(names, at) {
      shardWorkloads.set(shardLabels, series.retain(names));
      lastSweep.set(at.getTime() / 1000);
    },
    async render() {
      return `${await registry.metrics()}${series.text()}`;
    },
    observeProbe(probe, result) {
      probeDuration.observe({ probe }, result.durationMs / 1000);
      probeRuns.inc({ probe, outcome: result.status === 'error' || result.status === 'skip' ? result.status : 'ran' });
    },
    httpRequestDuration: new Histogram({
      name: 'http_server_request_duration_seconds',
      help: 'Duration of HTTP requests served by distroready.',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      ...reg,
    }),
    otlpSpansAccepted: new Counter({ name: 'distroready_otlp_spans_accepted_total', help: 'Spans accepted by the embedded OTLP receiver.', labelNames: ['transport'], ...reg }),
    otlpSpansRejected: new Counter({ name: 'distroready_otlp_spans_rejected_total', help: 'Spans the embedded OTLP receiver rejected.', labelNames: ['transport', 'reason'], ...reg }),
    otlpIndexedSpans: new Gauge({ name: 'distroready_otlp_indexed_spans', help: 'Spans currently held in the span index.', ...reg }),
    storageWriteFailures: new Counter({
      name: 'distroready_storage_write_failures_total',
      help: 'Failed attempts to write result history to storage (a full or read-only disk); each retry counts.',
      ...reg,
    }),
  };
}
