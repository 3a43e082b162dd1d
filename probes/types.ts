/**
 * The contract every probe implements. A probe observes one signal of one workload and
 * returns facts with evidence; it never decides pass or fail (checks in
 * `config/checks/*.yaml` do that, and scoring is arithmetic over their outcomes).
 */
import type { TObject } from '@sinclair/typebox';
import type { Logger } from 'pino';
import type { HttpClient } from '../src/net/http-client';
import type { SpanIndex } from '../src/otlp/span-types';
import type { Target } from '../src/targets/target';
import type { ClusterService } from '../src/targets/kubernetes/cluster-service';
import type { BaseFacts } from './base/facts-schema';
import type { HealthFacts } from './health/facts-schema';
import type { ProbeId } from './ids';
import type { LogsFacts } from './logs/facts-schema';
import type { MetricsFacts } from './metrics/facts-schema';
import type { TracesFacts } from './traces/facts-schema';

export type { ProbeId } from './ids';
/**
 * What probes see of the host: the one door from probes/ to src/. Probes import these from
 * here, never from src/, so the engine can change behind them.
 */
export type { ExchangeTiming, HttpClient, HttpError, HttpResponse } from '../src/net/http-client';
export type { IndexedSpan, SpanIndex } from '../src/otlp/span-types';
export type { KubeResult } from '../src/targets/kubernetes/kube-client';
export type { PodLogRequest } from '../src/targets/kubernetes/pod-log';
export type { ProcessWatch } from '../src/targets/process-watch';
export type { RunningProcess, Target } from '../src/targets/target';
export type { SourceLocation } from '../src/model';


/** A JSON Schema fragment, as ajv takes it. Kept loose on purpose: schemas are data. */
export type JsonSchema = Record<string, unknown>;

/**
 * Facts are plain JSON: whatever the probe saw. A fact that could not be determined is
 * `null`, so checks that need it come out `unknown` rather than failed.
 */
export type Facts = Record<string, unknown>;

/**
 * A check the workload's own files ask to be left out, found by the probe (a Dockerfile
 * comment `# distroready ignore=checkId reason`, an object annotation
 * `distroready.io/ignore`). It names one check and never hides another.
 */
export interface Suppression {
  check: string;
  reason?: string;
  /** Where it was asked: `Dockerfile:12`, `shop/Deployment/checkout annotation`. */
  source: string;
}

/** What a probe hands back: its facts (against its facts schema), or why there was nothing to probe. */
export type ProbeOutcome<F extends Facts = Facts> = ProbeObserved<F> | ProbeSkipped;

export interface ProbeObserved<F extends Facts = Facts> {
  facts: F;
  skipped?: undefined;
  /** Checks of this probe that the workload's files suppress (reported as suppressed, not passed). */
  suppressions?: Suppression[];
}

/**
 * Nothing to probe (e.g. the shell probe on a workload with no Dockerfile, no manifests
 * and no process): the probe's status becomes `skip` and its checks `unknown`.
 */
export interface ProbeSkipped {
  skipped: string;
  /** Whatever the probe learned on the way, for the report; not judged. */
  facts: Facts;
}

/**
 * Services a probe may use. Everything that touches the outside world comes through here,
 * so tests can hand in fakes and the engine can bound it.
 */
export interface ProbeContext {
  /** Aborted when the probe's deadline passes or the sweep is cancelled. Honour it. */
  signal: AbortSignal;
  /** A child logger bound to `{ workload, probe, sweepId }`. */
  logger: Logger;
  /** The bounded HTTP client: timeouts, byte caps, redirect limit, address policy. */
  http: HttpClient;
  /** This probe's options: `probes.<id>` from config, defaults applied. */
  options: Record<string, unknown>;
  /**
   * Facts of the probes that already ran for this workload in this sweep (probes with
   * `runsAfter` see the facts of those they name), each of its probe's facts type.
   */
  peerFacts: PeerFacts;
  /** Shared services registered by the host (e.g. `spanIndex` from the OTLP receiver). */
  services: ProbeServices;
  /**
   * What this probe kept about this workload from its previous run in this process (the
   * health endpoints discovery found), so it can re-check instead of searching again.
   * Absent when the host keeps nothing. Bounded by the engine; lost on restart.
   */
  memory?: ProbeMemory;
  /**
   * Waits for `until` without holding the workload's place among the sweep's concurrent
   * workloads, for a probe that only waits (the traces probe waiting for spans), so the
   * waits of a fleet overlap. Absent outside a sweep: then just await.
   */
  idle?: <T>(until: Promise<T>) => Promise<T>;
}

/** One probe's memory of one workload: a JSON-like value it set on an earlier run, or `undefined`. */
export interface ProbeMemory {
  get(): unknown;
  set(value: unknown): void;
}

/** Each probe's facts type, by id (a probe without a schema yet reads as plain facts). */
export interface FactsById {
  logs: LogsFacts;
  metrics: MetricsFacts;
  traces: TracesFacts;
  health: HealthFacts;
  shell: Facts;
  base: BaseFacts;
}

/**
 * What a later probe reads of earlier ones: only probes that observed (not skipped or
 * errored) are there, with facts that matched their schema.
 */
export interface PeerFacts {
  get<K extends ProbeId>(id: K): Readonly<FactsById[K]> | undefined;
}

/**
 * Optional services a host may provide. Each probe checks for the one it needs and
 * reports `null` facts (or skips) when it is absent, rather than throwing.
 */
export interface ProbeServices {
  /** Spans received by distroready's OTLP receiver (absent when it is not running). */
  spanIndex?: SpanIndex;
  /** The cluster cluster workloads come from: pods/log, the pods/proxy client (absent without `kubernetes:`). */
  kubernetes?: ClusterService;
}

export interface Probe<F extends Facts = Facts> {
  id: ProbeId;
  /** One line for docs, the API listing and the report section heading. */
  title: string;
  /**
   * The facts this probe returns, as a TypeBox schema (which is also their TypeScript
   * type). Check rules may only name paths it declares; the loader refuses others.
   */
  facts?: TObject;
  /**
   * True when the probe observes the running workload (its HTTP endpoints, its output).
   * When the workload did not start or could not be reached, such a probe is not run and
   * its checks are `unknown`: nothing is judged that was not seen.
   */
  needsLiveTarget: boolean;
  /**
   * What input would let this probe judge a workload it had nothing to look at, in words
   * for the report ("give the workload a dockerfile: or manifests:"). A probe with
   * critical checks that had nothing to judge leaves the verdict `incomplete`.
   */
  completeWith: string;
  /**
   * Per-workload config keys this probe owns (e.g. `health: {liveness, readiness}`), as
   * JSON Schemas. The config schema is derived from these; unknown keys are errors.
   */
  workloadKeys: Record<string, JsonSchema>;
  /** Global options under `probes.<id>` in config, as a JSON Schema with defaults. */
  optionsSchema: JsonSchema;
  /** Probes whose facts this one needs; the engine runs it after them. */
  runsAfter?: ProbeId[];
  run(target: Target, ctx: ProbeContext): Promise<ProbeOutcome<F>>;
}
