/**
 * Probing on demand, for the API. Configured workloads are probed one run at a time with
 * the scheduled sweeps (a `run` workload launched twice would fight over its port), and
 * concurrent requests for the same workload share one run. Ad-hoc targets go through an
 * HTTP client bound to `api.allowTargets`, checked here before any traffic and again by
 * the client at connect time and on every redirect; at most `maxAdHoc` run at once.
 */
import type { ProbeId } from '../../probes/types';
import type { Engine } from '../engine/create-engine';
import type { EngineDeps } from '../engine/probe-workload';
import { sweep } from '../engine/sweep';
import { DistroreadyError } from '../errors';
import type { WorkloadResult } from '../model';
import { allowListPolicy, type AddressPolicy } from '../net/address-policy';
import { resolvePermitted } from '../net/resolve-permitted';
import { createHttpClient } from '../net/http-client';
import type { WorkloadConfig } from '../targets/target';

export interface ProbeRunner {
  /** Probes a configured workload now; NOT_FOUND when the config has none by that name. */
  probeWorkload(name: string, signal?: AbortSignal): Promise<WorkloadResult>;
  /** Probes an ad-hoc target; FORBIDDEN outside the allow-list, UNAVAILABLE when too busy. */
  probeTarget(target: WorkloadConfig, only?: readonly ProbeId[], signal?: AbortSignal): Promise<WorkloadResult>;
  /** Runs `fn` when no other configured-workload run is in progress (the scheduler's sweeps use it). */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
}

export interface ProbeRunnerOptions {
  engine: Engine;
  workloads: () => readonly WorkloadConfig[];
  allowTargets: string[];
  /** Told of each on-demand result of a configured workload (to store it). */
  onResult?: (result: WorkloadResult) => void;
  maxAdHoc?: number;
}

export function createProbeRunner(o: ProbeRunnerOptions): ProbeRunner {
  const policy = allowListPolicy(o.allowTargets);
  const adHocHttp = createHttpClient({ policy });
  const inFlight = new Map<string, Promise<WorkloadResult>>();
  let queue: Promise<unknown> = Promise.resolve();
  let adHoc = 0;
  const maxAdHoc = o.maxAdHoc ?? 8;

  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  };

  return {
    exclusive,
    probeWorkload(name, signal) {
      const workload = o.workloads().find((w) => w.name === name);
      if (!workload) throw new DistroreadyError('NOT_FOUND', `no workload named "${name}"; GET /api/v1/workloads lists them`, { workload: name });
      const running = inFlight.get(name);
      if (running) return running;
      const run = exclusive(async () => {
        const { results } = await o.engine.sweep([workload], signal);
        const result = results[0]!;
        o.onResult?.(result);
        return result;
      }).finally(() => inFlight.delete(name));
      inFlight.set(name, run);
      return run;
    },
    async probeTarget(target, only, signal) {
      if (adHoc >= maxAdHoc) throw new DistroreadyError('UNAVAILABLE', `${maxAdHoc} ad-hoc probes are already running; retry in a few seconds`);
      adHoc++;
      const logger = o.engine.deps.logger.child({ target: target.url, probes: only ?? 'all' });
      try {
        await assertAllowed(target.url!, policy).catch((err: unknown) => {
          logger.warn({ reason: (err as Error).message }, 'ad-hoc target refused');
          throw err;
        });
        // An audit trail: API callers make distroready send traffic on their behalf.
        logger.info('ad-hoc probe');
        const deps: EngineDeps = {
          ...o.engine.deps,
          http: adHocHttp,
          probes: only ? o.engine.deps.probes.filter((p) => only.includes(p.id)) : o.engine.deps.probes,
        };
        const { results } = await sweep([target], deps, 1, signal);
        return results[0]!;
      } finally {
        adHoc--;
      }
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
