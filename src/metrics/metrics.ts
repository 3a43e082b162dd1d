/**
 * Every metric distroready exposes, in one file, on an injected registry. Scores are set
 * from the last sweep's results; a scrape reads them and never triggers a probe. Label
 * values are bounded by the configured workloads, probes and checks.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { ProbeId } from '../../probes/types';
import { VERDICTS, type ProbeResult, type WorkloadResult } from '../model';

export interface Metrics {
  registry: Registry;
  /** Replaces every per-workload series with the given results. */
  setResults(results: readonly WorkloadResult[], sweepFinishedAt: Date): void;
  observeProbe(probe: ProbeId, result: ProbeResult): void;
  /** RED metrics of distroready's own HTTP server. */
  httpRequestDuration: Histogram<'method' | 'route' | 'status_code'>;
  otlpSpansAccepted: Counter<'transport'>;
  otlpSpansRejected: Counter<'transport' | 'reason'>;
  otlpIndexedSpans: Gauge;
  /** Failed attempts to write result history (each retry counts). */
  storageWriteFailures: Counter;
}

export function createMetrics(registry: Registry, options: { processMetrics?: boolean } = {}): Metrics {
  if (options.processMetrics !== false) {
    collectDefaultMetrics({ register: registry });
    // prom-client names these gauges `_total`, which promtool flags as a lint finding; the
    // same counts remain in the per-type gauges without the suffix.
    for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) registry.removeSingleMetric(name);
  }
  const reg = { registers: [registry] };

  const score = new Gauge({ name: 'distroready_workload_score', help: 'Readiness score of the workload for a distroless image, 0 to 100.', labelNames: ['workload'], ...reg });
  const ready = new Gauge({ name: 'distroready_workload_ready', help: 'Whether the workload is ready for a distroless image (1) or not (0).', labelNames: ['workload'], ...reg });
  const blockers = new Gauge({ name: 'distroready_workload_blockers', help: 'Failed critical checks that block the migration.', labelNames: ['workload'], ...reg });
  const verdict = new Gauge({
    name: 'distroready_workload_verdict',
    help: `The workload's verdict: 1 for the current one of ${VERDICTS.join(', ')}, 0 for the others.`,
    labelNames: ['workload', 'verdict'],
    ...reg,
  });
  const probePassed = new Gauge({
    name: 'distroready_probe_passed',
    help: 'Whether all evaluated checks of a probe passed (1) or not (0); absent when none could be evaluated, or the probe errored or was skipped.',
    labelNames: ['workload', 'probe'],
    ...reg,
  });
  const checkPassed = new Gauge({
    name: 'distroready_check_passed',
    help: 'Whether a check passed (1) or failed (0); absent when it could not be judged or was suppressed.',
    labelNames: ['workload', 'check', 'probe', 'severity'],
    ...reg,
  });
  const probeDuration = new Histogram({
    name: 'distroready_probe_duration_seconds',
    help: 'How long probe runs took.',
    labelNames: ['probe'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    ...reg,
  });
  const probeRuns = new Counter({ name: 'distroready_probe_runs_total', help: 'Probe runs by final status of the probe itself.', labelNames: ['probe', 'outcome'], ...reg });
  const lastSweep = new Gauge({ name: 'distroready_last_sweep_timestamp_seconds', help: 'Unix time the last sweep finished.', ...reg });

  return {
    registry,
    setResults(results, finishedAt) {
      for (const g of [score, ready, verdict, blockers, probePassed, checkPassed]) g.reset();
      for (const r of results) {
        if (r.score !== null) score.set({ workload: r.name }, r.score);
        ready.set({ workload: r.name }, r.verdict === 'ready' ? 1 : 0);
        for (const v of VERDICTS) verdict.set({ workload: r.name, verdict: v }, r.verdict === v ? 1 : 0);
        blockers.set({ workload: r.name }, r.blockers.length);
        for (const [probe, p] of Object.entries(r.probes)) {
          if (p.status === 'pass' || p.status === 'warn' || p.status === 'fail') probePassed.set({ workload: r.name, probe }, p.status === 'pass' ? 1 : 0);
        }
        for (const c of r.checks) {
          if (c.status === 'pass' || c.status === 'fail') checkPassed.set({ workload: r.name, check: c.id, probe: c.probe, severity: c.severity }, c.status === 'pass' ? 1 : 0);
        }
      }
      lastSweep.set(finishedAt.getTime() / 1000);
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
