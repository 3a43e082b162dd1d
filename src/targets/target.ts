/**
 * A target is one workload as the probes see it: the operator's config for it, plus what
 * the engine learned while preparing it (a launched process, its captured output).
 */
import type { HttpClient } from '../net/http-client';
import type { KubeWorkloadInfo } from './kubernetes/kube-workload';
import type { LaunchFailure } from './launch-process';
import type { SourceLocation } from '../model';
import type { LineBuffer } from '../../probes/shared/line-buffer';
import type { ProcessWatch } from './process-watch';
import type { StdStreamKind } from './std-pipes';

/** One workload entry of the config, validated. Probe-owned keys stay loosely typed. */
export interface WorkloadConfig {
  name: string;
  /** Base URL of the workload's HTTP endpoints, e.g. `http://127.0.0.1:8081`. */
  url?: string;
  run?: RunConfig;
  /** `labels:` from the config, e.g. `{ team: payments }`. */
  labels?: Record<string, string>;
  /** Set by the config loader (the entry's line), or by `check` for an ad-hoc target's files. */
  definedAt?: SourceLocation;
  /** Probe-owned keys (`health`, `metrics`, `logs`, `traces`, `dockerfile`, `manifests`, …). */
  [key: string]: unknown;
}

export interface RunConfig {
  /** argv, never a shell string: `[node, server.js]`. */
  command: string[];
  cwd?: string;
  env?: Record<string, string>;
  /** The TCP port the workload listens on; distroready waits for it before probing. */
  port?: number;
  /** How long to wait for the port to open. Default 15 s. */
  startTimeoutMs?: number;
}

/** A process distroready launched for a `run` workload. */
export interface RunningProcess {
  pid: number;
  /** stdout and stderr, line by line, bounded. */
  output: LineBuffer;
  /** True while the process is alive. */
  alive(): boolean;
  /** `null` while running; the exit code or signal once it has exited. */
  exit(): { code: number | null; signal: string | null } | null;
  /** The processes it spawned during its life, sampled from `/proc` (absent when not watched). */
  children?: ProcessWatch;
  /** How its stdout and stderr are connected: `fifo` (real pipes; `/dev/stdout` opens) or `socketpair` (no `mkfifo` here). */
  stdio: StdStreamKind;
}

/**
 * Whether distroready could see the live workload, decided once before any probe runs:
 * `reached` (it answers on its port), `not-started` (a `run` workload that did not come
 * up), `unreachable` (nothing accepts connections at its url), `not-live` (only files to
 * read: no url and no run command).
 */
export const REACH_STATUSES = ['reached', 'not-started', 'unreachable', 'not-live'] as const;
export type ReachStatus = (typeof REACH_STATUSES)[number];

export interface Reach {
  status: ReachStatus;
  /** One line a person reads: `127.0.0.1:8081 accepts connections`, `command not found: redis-serve`. */
  detail: string;
  /** What was seen: the connect error, the launch's last output lines. Workload text is data. */
  evidence: string[];
}

export interface Target {
  name: string;
  /** Where the workload's config came from, so relative paths resolve against it. */
  baseDir: string;
  /** Base URL without a trailing slash, when the workload has HTTP endpoints. */
  url?: string;
  config: WorkloadConfig;
  /** Set for `run` workloads once launched. */
  process?: RunningProcess;
  /** Why the target could not be prepared (command not found, port never opened, …). */
  launchError?: string;
  /** Set by the engine's preflight before the probes run, or by a target source that already knows. */
  reach?: Reach;
  /** The launch failure's code, set with `launchError`. */
  launchCause?: LaunchFailure;
  /** How long the preflight's TCP connect to `url` took (ms), when it made one. */
  connectMs?: number;
  /**
   * The HTTP client for this target's endpoints, when they need one of their own (a pod
   * reached through the Kubernetes API server's proxy carries its credentials); else the engine's.
   */
  http?: HttpClient;
  /** Where a cluster workload lives and what its objects claim (annotations, pod, containers); absent for others. */
  cluster?: KubeWorkloadInfo;
  /** Manifests that are not files: a controller read from a cluster's API, as YAML. */
  inlineManifests?: InlineManifest[];
}

export interface InlineManifest {
  /** How findings name it: `shop/Deployment/checkout`. */
  name: string;
  /** The object as parsed JSON. */
  value: unknown;
}
