/** The validated config, defaults applied, durations in milliseconds. */
import type { ProbeId } from '../../probes/types';
import type { CheckParam } from '../checks/check-definition';
import type { Severity } from '../model';
import type { KubernetesConfig } from '../targets/kubernetes/kubernetes-config';
import type { WorkloadConfig } from '../targets/target';

export interface Config {
  /** Absolute path of the file this came from (or `<inline>`). */
  file: string;
  /** Directory relative paths resolve against. */
  baseDir: string;
  server: { host: string; port: number; headersTimeoutMs: number; requestTimeoutMs: number; keepAliveTimeoutMs: number; maxConnections: number };
  otlp: {
    enabled: boolean;
    host: string;
    port: number;
    grpcPort: number;
    maxBodyBytes: number;
    maxSpans: number;
    maxIndexBytes: number;
    /** Absent: four bodies at `maxBodyBytes`. */
    maxInFlightBytes?: number;
    maxConnections: number;
    maxConcurrentStreams: number;
    idleTimeoutMs: number;
    retentionMs: number;
  };
  sweep: { intervalMs: number; concurrency: number; timeoutMs: number };
  storage: { path: string; retentionMs: number; maxWriteFailures: number };
  api: { token?: string; allowTargets: string[]; protectReads: boolean; protectMetrics: boolean; probeConcurrency: number; probeQueue: number };
  scoring: ScoringConfig;
  /** `groupBy`: `namespace`, `prefix`, or a label key (see `src/report/grouping.ts`). */
  report: { groupBy: string };
  checks: Record<string, { severity?: Severity; enabled?: boolean; params?: Record<string, CheckParam> }>;
  probes: Record<ProbeId, Record<string, unknown>>;
  workloads: WorkloadConfig[];
  /** Workloads discovered through a cluster's API, beside `workloads`; absent when not configured. */
  kubernetes?: KubernetesConfig;
}

export interface ScoringConfig {
  weights: Record<Severity, number>;
  /** A score at or above this (and no blocker) is `ready`. */
  readyScore: number;
  /** A score below this is `not-ready`. */
  notReadyBelow: number;
}
