/**
 * Probing on demand, for the API. Configured workloads are probed one run at a time with
 * the scheduled sweeps (a `run` workload launched twice would fight over its port), and
 * concurrent requests for the same workload share one run. Ad-hoc targets go through an
 * HTTP client bound to `api.allowTargets`, checked here before any traffic and again by
 * the client at connect time and on every redirect; at most `api.probeConcurrency` run at
 * once and the rest wait in line until their deadline (probe-queue.ts); so do workloads
 * discovered in a cluster, which are never launched. Ad-hoc targets
 * have their own bounded probe memory, so a target Prometheus scrapes every 15 s is
 * re-checked rather than searched afresh each time.
 */
import type { ProbeId } from '../../probes/types';
import type { Engine } from '../engine/create-engine';
import { ProbeMemoryStore } from '../engine/probe-memory';
import { probeWorkload, type EngineDeps } from '../engine/probe-workload';
import { newSweepId } from '../engine/sweep';
import { DistroreadyError } from '../errors';
import type { CompactResult } from '../model';
import { allowListPolicy, type AddressPolicy } from '../net/address-policy';
import { createHttpClient } from '../net/http-client';
import { resolvePermitted } from '../net/resolve-permitted';
import { kubeInfoOf } from '../targets/kubernetes/kube-workload';
import type { WorkloadConfig } from '../targets/target';
import { ProbeQueue } from './probe-queue';

export interface ProbeRunner {
  /**
   * Probes a workload judged here now; NOT_FOUND when there is none by that name. A
   * workload discovered in a cluster waits in the ad-hoc queue to `budgetMs` (UNAVAILABLE
   * past it), a configured one for its turn with the sweeps.
   */
  probeWorkload(name: string, signal?: AbortSignal, budgetMs?: number): Promise<CompactResult>;
  /**
   * Probes an ad-hoc target; FORBIDDEN outside the allow-list, UNAVAILABLE (with
   * `details.retryAfterSeconds`) when it could not be answered within `budgetMs`.
   */
  probeTarget(target: WorkloadConfig, only?: readonly ProbeId[], signal?: AbortSignal, budgetMs?: number): Promise<CompactResult>;
  /** Runs `fn` when no other configured-workload run is in progress (the scheduler's sweeps use it). */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  /** The engine's words, to expand results for the API. */
  readonly catalog: Engine['catalog'];
}

export interface ProbeRunnerOptions {
  engine: Engine;
  workloads: () => readonly WorkloadConfig[];
  allowTargets: string[];
  /** Told of each on-demand result of a configured workload (to store it). */
  onResult?: (result: CompactResult) => void;
  /** `api.probeConcurrency`: ad-hoc probes running at once. Default 16. */
  concurrency?: number;
  /** `api.probeQueue`: ad-hoc probes allowed to wait for a turn. Default 1024. */
  maxWaiting?: number;
  /** How long an ad-hoc request may take in all when its client names no deadline. Default: the sweep timeout. */
  defaultBudgetMs?: number;
}

/** Ad-hoc targets remembered between requests (their health endpoints), least recently used dropped. */
const AD_HOC_MEMORY = 1024;

export function createProbeRunner(o: ProbeRunnerOptions): ProbeRunner {
  const policy = allowListPolicy(o.allowTargets);
  const adHocDeps: EngineDeps = { ...o.engine.deps, http: createHttpClient({ policy }), memory: new ProbeMemoryStore(AD_HOC_MEMORY) };
  const inFlight = new Map<string, Promise<CompactResult>>();
  const queue = new ProbeQueue({ concurrency: o.concurrency ?? 16, maxWaiting: o.maxWaiting ?? 1024 });
  const defaultBudgetMs = o.defaultBudgetMs ?? o.engine.deps.timeoutMs;
  let turns: Promise<unknown> = Promise.resolve();

  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = turns.then(fn, fn);
    turns = run.catch(() => undefined);
    return run;
  };

  return {
    exclusive,
    catalog: o.engine.catalog,
    probeWorkload(name, signal, budgetMs = defaultBudgetMs) {
      const workload = o.workloads().find((w) => w.name === name);
      if (!workload) throw new DistroreadyError('NOT_FOUND', `no workload named "${name}"; GET /api/v1/workloads lists them`, { workload: name });
      const running = inFlight.get(name);
      if (running) return running;
      const probe = async (): Promise<CompactResult> => {
        const { results } = await o.engine.sweep([workload], signal);
        const result = results[0]!;
        o.onResult?.(result);
        return result;
      };
      // A cluster workload is never launched here, so it need not wait for the sweep's turn:
      // Prometheus scrapes each through /probe within its scrape timeout, many at once.
      const run = (kubeInfoOf(workload) ? queue.run(probe, budgetMs, signal) : exclusive(probe)).finally(() => inFlight.delete(name));
      inFlight.set(name, run);
      return run;
    },
    async probeTarget(target, only, signal, budgetMs = defaultBudgetMs) {
      const logger = o.engine.deps.logger.child({ target: target.url, probes: only ?? 'all' });
      await assertAllowed(target.url!, policy).catch((err: unknown) => {
        logger.warn({ reason: (err as Error).message }, 'ad-hoc target refused');
        throw err;
      });
      return queue.run(
        () => {
          // An audit trail: API callers make distroready send traffic on their behalf.
          logger.info('ad-hoc probe');
          const probes = only ? adHocDeps.probes.filter((p) => only.includes(p.id)) : adHocDeps.probes;
          return probeWorkload(target, newSweepId(), { ...adHocDeps, probes }, signal);
        },
        budgetMs,
        signal,
      );
    },
  };
}

/**
 * Refuses a target outside the allow-list before any traffic, so the caller gets a 403
 * rather than a report of blocked connections. A name that does not resolve passes here:
 * the probes then report the DNS failure, and the client re-checks at connect time anyway.
 */
async function assertAllowed(url: string, policy: AddressPolicy): Promise<void> {
  const r = await resolvePermitted(new URL(url).hostname, policy);
  if (!r.ok && r.kind === 'denied') {
    throw new DistroreadyError('FORBIDDEN', `target ${url} is not allowed: ${r.reason}; add its range to api.allowTargets to probe it`, { field: 'target', reason: r.reason });
  }
}
