/**
 * The health probe: does the workload answer liveness and readiness over HTTP, fast, the
 * way a kubelet judges them? Configured paths first, else discovery over common ones.
 */
import { randomBytes } from 'node:crypto';
import { askEndpoint, describe, type AskOptions, type EndpointFacts } from './health/endpoint';
import { DISCOVERY_PATHS, isEndpoint, pick } from './health/discovery';
import { HealthFacts } from './health/facts-schema';
import { retime, timingClean } from './health/retime';
import type { Probe, ProbeContext } from './types';

interface HealthOptions {
  requestTimeoutMs: number;
  maxBodyBytes: number;
}

interface HealthConfig {
  liveness?: string;
  readiness?: string;
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
    },
  },

  async run(target, ctx) {
    if (!target.url) return { facts: {}, skipped: 'no url to probe' };
    const opts = ctx.options as unknown as HealthOptions;
    const ask: AskOptions = { timeoutMs: opts.requestTimeoutMs, maxBodyBytes: opts.maxBodyBytes, signal: ctx.signal };
    const configured = (target.config.health ?? {}) as HealthConfig;
    const found = await findEndpoints(target.url, configured, ask, ctx);
    const { probed, catchAll } = found;
    // The chosen endpoints are timed for the kubelet's timeout: again, if we were too busy to tell.
    const liveness = found.liveness && (await retime(ctx.http, target.url, found.liveness, ask));
    const readiness = found.readiness && (found.readiness.url === found.liveness?.url ? liveness : await retime(ctx.http, target.url, found.readiness, ask));
    const speaksHttp = probed.some((e) => e.status !== null);
    const chosen = [liveness, readiness].filter((e): e is EndpointFacts => e !== null);
    const answered = chosen.filter((e) => e.status !== null);
    const timed = answered.every(timingClean);
    const contradictions = answered.filter((e) => e.kubeletSuccess && e.bodyStatus === 'down');
    ctx.logger.debug({ probed: probed.length, liveness: liveness?.path, readiness: readiness?.path }, 'health endpoints probed');
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
        bodyContradicts: answered.length > 0 ? contradictions.length > 0 : null,
        evidence: {
          liveness: liveness ? [describe(liveness)] : [],
          readiness: readiness ? [describe(readiness)] : [],
          chosen: [
            ...answered.map(describe),
            ...(answered.length > 0 && !timed ? ['not timed: distroready\'s own event loop was too busy during every try to tell the target\'s time from its own; probe the workload alone (check --probes health) to time it'] : []),
          ],
          probed: probed.map(describe),
          contradictions: contradictions.map(describe),
          transport: speaksHttp ? [] : [`${target.url}: the port is open but no path got an HTTP answer`],
        },
      },
    };
  },
};

async function findEndpoints(baseUrl: string, configured: HealthConfig, ask: AskOptions, ctx: ProbeContext) {
  const paths = new Set<string>(DISCOVERY_PATHS);
  if (configured.liveness) paths.add(configured.liveness);
  if (configured.readiness) paths.add(configured.readiness);
  // A random path tells a catch-all handler (every path answers 200) from real endpoints.
  const canary = `/distroready-canary-${randomBytes(6).toString('hex')}`;
  const asked = await Promise.all([...paths, canary].map((p) => askEndpoint(ctx.http, baseUrl, p, ask)));
  const canaryAnswer = asked.pop()!;
  const catchAll = canaryAnswer.kubeletSuccess;
  const found = asked.filter((e) => isEndpoint(e, catchAll ? canaryAnswer.bodySample : null));
  const byPath = (p: string | undefined): EndpointFacts | null => (p ? (asked.find((e) => e.path === p) ?? null) : null);
  return {
    liveness: configured.liveness ? byPath(configured.liveness) : pick('liveness', found),
    readiness: configured.readiness ? byPath(configured.readiness) : pick('readiness', found),
    probed: asked,
    catchAll,
  };
}
