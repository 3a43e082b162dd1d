/**
 * The health probe: does the workload answer liveness and readiness over HTTP, fast, the
 * way a kubelet judges them? Configured paths first, else discovery over common ones.
 */
import { randomBytes } from 'node:crypto';
import type { Target } from '../src/targets/target';
import { askEndpoint, describe, type AskOptions, type EndpointFacts } from './health/endpoint';
import { DISCOVERY_PATHS, isEndpoint, pick } from './health/discovery';
import { tcpAccepts } from '../src/net/tcp-connect';
import type { Probe, ProbeContext } from './types';

interface HealthOptions {
  requestTimeoutMs: number;
  kubeletTimeoutMs: number;
  maxBodyBytes: number;
}

interface HealthConfig {
  liveness?: string;
  readiness?: string;
}

export const healthProbe: Probe = {
  id: 'health',
  title: 'Health endpoints',
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
      kubeletTimeoutMs: { type: 'integer', minimum: 100, default: 1000 },
      // The kubelet reads at most 10 KiB of a probe's body; so do we.
      maxBodyBytes: { type: 'integer', minimum: 1024, default: 10 * 1024 },
    },
  },

  async run(target, ctx) {
    if (target.launchError) return { facts: launchFacts(target) };
    if (!target.url) return { facts: {}, skipped: 'no url to probe' };
    const opts = ctx.options as unknown as HealthOptions;
    const ask: AskOptions = {
      timeoutMs: opts.requestTimeoutMs,
      kubeletTimeoutMs: opts.kubeletTimeoutMs,
      maxBodyBytes: opts.maxBodyBytes,
      signal: ctx.signal,
    };
    const configured = (target.config.health ?? {}) as HealthConfig;
    const { liveness, readiness, probed, catchAll } = await findEndpoints(target.url, configured, ask, ctx);
    const speaksHttp = probed.some((e) => e.status !== null);
    const tcpOpen = speaksHttp ? true : await tcpFallback(ctx, target.url, opts.requestTimeoutMs);
    const chosen = [liveness, readiness].filter((e): e is EndpointFacts => e !== null);
    const slow = chosen.filter((e) => !e.withinKubeletTimeout && e.status !== null);
    ctx.logger.debug({ probed: probed.length, liveness: liveness?.path, readiness: readiness?.path }, 'health endpoints probed');
    return {
      facts: {
        baseUrl: target.url,
        speaksHttp,
        tcpOpen,
        catchAll,
        kubeletTimeoutMs: opts.kubeletTimeoutMs,
        liveness,
        readiness,
        started: true,
        livenessSource: configured.liveness ? 'configured' : 'discovered',
        readinessSource: configured.readiness ? 'configured' : 'discovered',
        livenessPasses: liveness ? liveness.kubeletSuccess : null,
        readinessPasses: readiness ? readiness.kubeletSuccess : null,
        distinct: liveness && readiness ? liveness.url !== readiness.url : null,
        allWithinKubeletTimeout: chosen.length > 0 ? slow.length === 0 : null,
        bodyContradicts: chosen.some((e) => e.kubeletSuccess && e.bodyStatus === 'down'),
        evidence: {
          liveness: liveness ? [describe(liveness)] : [],
          readiness: readiness ? [describe(readiness)] : [],
          probed: probed.map(describe),
          slow: slow.map(describe),
          contradictions: chosen.filter((e) => e.kubeletSuccess && e.bodyStatus === 'down').map(describe),
          transport: speaksHttp ? [] : [`${target.url}: no HTTP answer; TCP port ${tcpOpen ? 'accepts connections' : 'is closed'}`],
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

/** A `run` workload that never came up: the reason and its last output are the evidence. */
function launchFacts(target: Target): Record<string, unknown> {
  const lines = target.process?.output.snapshot() ?? [];
  return {
    started: false,
    launchError: target.launchError,
    speaksHttp: null,
    evidence: { launch: [target.launchError, ...lines.slice(-10).map((l) => `${l.stream}: ${l.text}`)] },
  };
}

/** Whether the port takes TCP at all; through the address policy, like every probe connection. */
async function tcpFallback(ctx: ProbeContext, url: string, timeoutMs: number): Promise<boolean | null> {
  const u = new URL(url);
  const port = Number(u.port || (u.protocol === 'https:' ? 443 : 80));
  const resolved = await ctx.http.resolvePermitted(u.hostname);
  if (!resolved.ok) return null;
  return tcpAccepts(resolved.address, port, timeoutMs, ctx.signal);
}

