/**
 * Turns a workload's config into a target the probes can use, launching its process when
 * it is a `run` workload. `release()` stops whatever was started; always call it.
 */
import type { ProbeServices } from '../../probes/types';
import { parseDuration } from '../duration';
import { kubeInfoOf } from './kubernetes/kube-workload';
import { prepareKubeTarget } from './kubernetes/kube-prepare';
import { launchProcess } from './launch-process';
import type { LaunchRecords } from './launch-records';
import type { RunConfig, Target, WorkloadConfig } from './target';

export interface PreparedTarget {
  target: Target;
  release(): Promise<void>;
}

export interface PrepareOptions {
  baseDir: string;
  otlpEndpoint?: string;
  /** Env distroready adds for run workloads, e.g. a short span batch delay. */
  extraEnv?: Record<string, string>;
  /** Where launched process groups are recorded, so a restarted distroready can end orphans. */
  launchRecords?: LaunchRecords;
  signal?: AbortSignal;
  /** The host's services (a cluster workload needs the `kubernetes` one). */
  services?: ProbeServices;
}

export async function prepareTarget(workload: WorkloadConfig, opts: PrepareOptions): Promise<PreparedTarget> {
  const target: Target = {
    name: workload.name,
    baseDir: opts.baseDir,
    url: workload.url?.replace(/\/+$/, ''),
    config: workload,
  };
  const kube = kubeInfoOf(workload);
  if (kube) {
    target.cluster = kube;
    await prepareKubeTarget(target, kube, opts.services ?? {}, opts.signal);
  }
  if (!workload.run) return { target, release: () => Promise.resolve() };
  const run = workload.run as RunConfig & { startTimeout?: string };
  const launched = await launchProcess({
    name: workload.name,
    run: { ...run, startTimeoutMs: run.startTimeout ? (parseDuration(run.startTimeout) ?? undefined) : run.startTimeoutMs },
    baseDir: opts.baseDir,
    otlpEndpoint: opts.otlpEndpoint,
    extraEnv: opts.extraEnv,
    records: opts.launchRecords,
    signal: opts.signal,
  });
  if (launched.process) target.process = launched.process;
  if (launched.error) {
    target.launchError = launched.error;
    target.launchCause = launched.cause;
  }
  return { target, release: () => launched.stop() };
}
