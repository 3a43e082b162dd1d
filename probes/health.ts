/**
 * The health probe: does the workload answer liveness and readiness over HTTP, fast, the
 * way a kubelet judges them? Configured paths first, else a search over common ones; a
 * later run re-asks the endpoints an earlier search found, and searches again when one is
 * gone or the search is older than `rediscoverAfterMs`.
 */
import { randomUUID } from 'node:crypto';
import { askEndpoint, describe, type AskOptions, type EndpointFacts } from './health/endpoint';
import { discover, isEndpoint, type Configured, type Found } from './health/discovery';
import { HealthFacts } from './health/facts-schema';
import { earlierEvidence, recall, remember, stillThere, type Remembered } from './health/memory';
import { retime, timingClean } from './health/retime';
import type { Probe, ProbeContext } from './types';

interface HealthOptions {
  requestTimeoutMs: number;
  maxBodyBytes: number;
  rediscoverAfterMs: number;
}

export const healthProbe: Probe<HealthFacts> = {
  id: 'health',
  title: 'Health endpoints',
  facts: HealthFacts,
  needsLiveTarget: true,
  completeWith: 'give it a url (or run: with a port) so its health endpoints can be asked',
  workloadKeys: {
    health: {
      type: 'object',
      additionalProperties: false,
      properties: { liveness: { type: 'string', minLength: 1 }, readiness: { type: 'string', minLength: 1 } },
    },
  },
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      requestTimeoutMs: { type: 'integer', minimum: 100, default: 5000 },
      // The kubelet reads at most 10 KiB of a probe's body; so do we.
      maxBodyBytes: { type: 'integer', minimum: 1024, default: 10 * 1024 },
      // How long the endpoints a search found are re-asked before searching again.
      rediscoverAfterMs: { type: 'integer', minimum: 0, default: 10 * 60 * 1000 },
    },
  },

  async run(target, ctx) {
    if (!target.url) return { facts: {}, skipped: 'no url to probe' };
    const opts = ctx.options as unknown as HealthOptions;
    const ask: AskOptions = { timeoutMs: opts.requestTimeoutMs, maxBodyBytes: opts.maxBodyBytes, signal: ctx.signal };
    const configured = (target.config.health ?? {}) as Configured;
    const { found, discovery, earlier } = await findEndpoints(target.url, configured, ask, ctx, opts.rediscoverAfterMs);
    const { probed, catchAll } = found;
    // The chosen endpoints are timed for the kubelet's timeout: again, if we were too busy to tell.
    const again = (e: EndpointFacts): Promise<EndpointFacts> => retime(ctx.http, target.url!, e, ask, ctx.idle);
    const liveness = found.liveness && (await again(found.liveness));
    const readiness = found.readiness && (found.readiness.url === found.liveness?.url ? liveness : await again(found.readiness));
    const speaksHttp = probed.some((e) => e.status !== null);
    const chosen = [liveness, readiness].filter((e): e is EndpointFacts => e !== null);
    const answered = chosen.filter((e) => e.status !== null);
    const timed = answered.every(timingClean);
    const contradictions = answered.filter((e) => e.kubeletSuccess && e.bodyStatus === 'down');
    ctx.logger.debug({ probed: probed.length, liveness: liveness?.path, readiness: readiness?.path, discovery: discovery.kind }, 'health endpoints probed');
    return {
      facts: {
        baseUrl: target.url,
        speaksHttp,
        catchAll,
        liveness,
        readiness,
        livenessSource: configured.liveness ? 'configured' : 'discovered',
        readinessSource: configured.readiness ? 'configured' : 'discovered',
        livenessPasses: liveness ? liveness.kubeletSuccess : null,
        readinessPasses: readiness ? readiness.kubeletSuccess : null,
        distinct: liveness && readiness ? liveness.url !== readiness.url : null,
        slowestMs: answered.length > 0 && timed ? Math.max(...answered.map((e) => e.serverMs!)) : null,
        connectMs: target.connectMs ?? null,
        bodyContradicts: answered.length > 0 ? contradictions.length > 0 : null,
        discovery,
        evidence: {
          liveness: liveness ? [describe(liveness)] : [],
          readiness: readiness ? [describe(readiness)] : [],
          chosen: [
            ...answered.map(describe),
            ...(answered.length > 0 && !timed ? ['not timed: distroready\'s own event loop was too busy during every try to tell the target\'s time from its own; probe the workload alone (check --probes health) to time it'] : []),
          ],
          probed: [...probed.map(describe), ...earlier],
          contradictions: contradictions.map(describe),
          transport: speaksHttp ? [] : [`${target.url}: the port is open but no path got an HTTP answer`],
        },
      },
    };
  },
};

interface Endpoints {
  found: Found;
  discovery: HealthFacts['discovery'];
  /** Evidence kept from the search for paths not asked this run. */
  earlier: string[];
}

async function findEndpoints(baseUrl: string, configured: Configured, ask: AskOptions, ctx: ProbeContext, rediscoverAfterMs: number): Promise<Endpoints> {
  const askPath = (p: string): Promise<EndpointFacts> => askEndpoint(ctx.http, baseUrl, p, ask);
  const now = Date.now();
  const known = recall(ctx.memory, baseUrl, configured, now);
  if (known) {
    const again = await recheck(known, askPath);
    if (again) return again;
  }
  // A random path tells a catch-all handler (every path answers 200) from real endpoints.
  const found = await discover(askPath, configured, `/distroready-canary-${randomUUID().slice(0, 12)}`);
  remember(ctx.memory, baseUrl, configured, found, now, rediscoverAfterMs);
  return { found, discovery: { kind: 'full', foundAt: new Date(now).toISOString(), requests: found.probed.length }, earlier: [] };
}

/** Asks the remembered endpoints again; `null` when one no longer answers like an endpoint (then search). */
async function recheck(m: Remembered, askPath: (p: string) => Promise<EndpointFacts>): Promise<Endpoints | null> {
  const paths = [...new Set([m.liveness, m.readiness].filter((p): p is string => p !== null))];
  const answers = new Map((await Promise.all(paths.map(askPath))).map((e) => [e.path, e]));
  if (!stillThere(m, m.liveness, answers.get(m.liveness ?? ''), isEndpoint) || !stillThere(m, m.readiness, answers.get(m.readiness ?? ''), isEndpoint)) return null;
  const pick = (p: string | null): EndpointFacts | null => (p === null ? null : (answers.get(p) ?? null));
  return {
    found: { liveness: pick(m.liveness), readiness: pick(m.readiness), probed: [...answers.values()], catchAll: m.catchAll, catchAllSample: m.catchAllSample },
    discovery: { kind: 'recheck', foundAt: new Date(m.foundAt).toISOString(), requests: answers.size },
    earlier: earlierEvidence(m, new Set(paths)),
  };
}
