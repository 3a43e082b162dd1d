/**
 * The shell probe: does anything the workload needs at run time call a shell or a shell
 * tool? It reads the workload's Dockerfile and Kubernetes manifests (the same analysis as
 * `distroready lint`), proposes httpGet/grpc/tcpSocket replacements for exec probes from
 * the endpoints the health probe measured, and, for `run` workloads, reports what the
 * process actually spawned while distroready watched it.
 */
import * as path from 'node:path';
import { analyzeStatic } from './shell/analyze-files';
import type { KnownEndpoints, MeasuredEndpoint } from './shell/manifests/proposals';
import { ShellFacts } from './shell/facts-schema';
import { runtimeFacts } from './shell/runtime';
import type { Facts, Probe } from './types';

interface ShellOptions {
  settleMs: number;
}

interface ShellConfig {
  dockerfile?: string;
  manifests?: string[];
}

function endpoint(value: unknown): MeasuredEndpoint | null {
  const e = value as Partial<MeasuredEndpoint> | null | undefined;
  if (!e || typeof e.path !== 'string' || typeof e.url !== 'string' || typeof e.latencyMs !== 'number') return null;
  return { path: e.path, url: e.url, status: typeof e.status === 'number' ? e.status : null, latencyMs: e.latencyMs, kubeletSuccess: e.kubeletSuccess };
}

/** The live endpoints the health probe found, to propose probes that are known to answer. */
export function endpointsFromHealth(facts: Facts | undefined): KnownEndpoints | null {
  if (!facts) return null;
  const known = { liveness: endpoint(facts.liveness), readiness: endpoint(facts.readiness) };
  return known.liveness || known.readiness ? known : null;
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}

export const shellProbe: Probe = {
  id: 'shell',
  title: 'Shell dependence',
  facts: ShellFacts,
  needsLiveTarget: false,
  completeWith: 'give it a dockerfile: or manifests: (or run it with run: so the processes it spawns are watched)',
  workloadKeys: {
    dockerfile: { type: 'string' },
    manifests: { type: 'array', items: { type: 'string' } },
  },
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      // Lets the process watcher take a last sample after the other probes' traffic.
      settleMs: { type: 'integer', minimum: 0, maximum: 10_000, default: 250 },
    },
  },
  runsAfter: ['health'],

  async run(target, ctx) {
    const config = target.config as ShellConfig;
    const dockerfile = config.dockerfile ? path.resolve(target.baseDir, config.dockerfile) : null;
    const manifests = (config.manifests ?? []).map((m) => path.resolve(target.baseDir, m));
    const watch = target.process?.children;
    const inline = target.inlineManifests ?? [];
    if (!dockerfile && manifests.length === 0 && inline.length === 0 && !watch) return { facts: {}, skipped: 'no dockerfile, manifests or launched process' };
    const { settleMs = 250 } = ctx.options as Partial<ShellOptions>;
    if (watch?.supported && target.process?.alive()) await delay(settleMs, ctx.signal);
    const { facts, suppressions } = await analyzeStatic({ dockerfile, manifests, inline, endpoints: endpointsFromHealth(ctx.peerFacts.get('health')) });
    const spawned = runtimeFacts(watch, target.name);
    ctx.logger.debug({ dockerfile: facts.inputs.dockerfile, manifests: manifests.length, spawned: spawned?.count ?? null }, 'shell dependence analysed');
    const shellFacts: ShellFacts = { ...facts, spawned };
    return { facts: shellFacts, suppressions };
  },
};
