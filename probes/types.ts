/**
 * The contract every probe implements. A probe observes one signal of one workload and
 * returns facts with evidence; it never decides pass or fail (checks in
 * `config/checks/*.yaml` do that, and scoring is arithmetic over their outcomes).
 */
import type { Logger } from 'pino';
import type { HttpClient } from '../src/net/http-client';
import type { Target } from '../src/targets/target';

/** The probe ids, in the order the registry lists them. */
export type ProbeId = 'logs' | 'metrics' | 'traces' | 'health' | 'shell';

/** A JSON Schema fragment, as ajv takes it. Kept loose on purpose: schemas are data. */
export type JsonSchema = Record<string, unknown>;

/**
 * Facts are plain JSON: whatever the probe saw. A fact that could not be determined is
 * `null`, so checks that need it come out `unknown` rather than failed.
 */
export type Facts = Record<string, unknown>;

/** What a probe hands back: its facts, and free-form notes on how it got them. */
export interface ProbeOutcome<F extends Facts = Facts> {
  facts: F;
  /**
   * Set when there was nothing to probe (e.g. the shell probe on a workload with no
   * Dockerfile, no manifests and no process). The probe's status becomes `skip`.
   */
  skipped?: string;
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
   * `runsAfter` see the facts of those they name). Read-only.
   */
  peerFacts: ReadonlyMap<ProbeId, Facts>;
  /** Shared services registered by the host (e.g. `spanIndex` from the OTLP receiver). */
  services: ProbeServices;
}

/**
 * Optional services a host may provide. Each probe checks for the one it needs and
 * reports `null` facts (or skips) when it is absent, rather than throwing.
 */
export interface ProbeServices {
  [name: string]: unknown;
}

export interface Probe<F extends Facts = Facts> {
  id: ProbeId;
  /** One line for docs, the API listing and the report section heading. */
  title: string;
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
