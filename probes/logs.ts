/**
 * The logs probe: does the workload write its log lines to stdout/stderr, structured (JSON
 * or logfmt), with time, level, message and trace ids? Without a shell nobody can `tail`
 * a file inside the container, so what reaches the log pipeline is all there is.
 *
 * The story: pick the sources (captured stdout/stderr of a launched process, a file, a
 * command), nudge the workload with one request, watch the sources for a short window,
 * classify every line, and report counts with sample lines. Runs after the health,
 * metrics and traces probes so the lines their traffic caused are in the window, and so
 * the traces probe's round trip can be looked for in the lines.
 */
import * as path from 'node:path';
import { DURATION_PATTERN, parseDuration } from '../src/duration';
import type { Target } from './types';
import { commandSource } from './logs/sources/command-source';
import { correlate, readRoundTrip } from './logs/correlation';
import { buildFacts } from './logs/facts';
import { LogsFacts } from './logs/facts-schema';
import { fileSource } from './logs/sources/file-source';
import { openLogFiles } from './logs/sources/open-files';
import { runSource } from './logs/sources/run-source';
import { kubernetesLogSources } from './logs/sources/kubernetes-sources';
import type { CollectOptions, LogSource } from './logs/sources/source';
import { Tally } from './logs/tally';
import type { Probe, ProbeContext, ProbeServices } from './types';

/** `probes.logs` options: the sources' bounds, and what the probe itself judges by. */
interface LogsOptions extends Omit<CollectOptions, 'signal'> {
  correlationSlackMs: number;
  samples: number;
  sendTraffic: boolean;
  trafficPath: string;
}

/** The workload's `logs:` key. */
interface LogsConfig {
  file?: string;
  command?: string[];
  tail?: number;
  window?: string;
}

const int = (min: number, max: number, def: number) => ({ type: 'integer', minimum: min, maximum: max, default: def });

export const logsProbe: Probe<LogsFacts> = {
  id: 'logs',
  title: 'Logs',
  facts: LogsFacts,
  needsLiveTarget: true,
  completeWith: 'run it with run: (its stdout and stderr are captured), or give it logs.file or logs.command (e.g. [kubectl, logs, deploy/NAME, --tail=500])',
  workloadKeys: {
    logs: {
      type: 'object',
      additionalProperties: false,
      properties: {
        file: { type: 'string', minLength: 1 },
        command: { type: 'array', items: { type: 'string' }, minItems: 1 },
        tail: { type: 'integer', minimum: 0, maximum: 100_000 },
        window: { type: 'string', pattern: DURATION_PATTERN },
      },
    },
  },
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      windowMs: int(0, 60_000, 1000),
      maxLines: int(10, 100_000, 5000),
      maxLineBytes: int(256, 1024 * 1024, 16 * 1024),
      maxBytes: int(1024, 256 * 1024 * 1024, 8 * 1024 * 1024),
      tailLines: int(0, 100_000, 500),
      commandTimeoutMs: int(100, 600_000, 5000),
      correlationSlackMs: int(0, 60_000, 1000),
      samples: int(1, 20, 3),
      sendTraffic: { type: 'boolean', default: true },
      trafficPath: { type: 'string', pattern: '^/', default: '/' },
    },
  },
  runsAfter: ['health', 'metrics', 'traces'],

  async run(target, ctx) {
    const opts = ctx.options as unknown as LogsOptions;
    const cfg = (target.config.logs ?? {}) as LogsConfig;
    const { sources, why } = sourcesOf(target, cfg, ctx.services);
    if (sources.length === 0) {
      return { facts: {}, skipped: why ?? 'no log source: the workload is not launched by distroready (run:) and sets neither logs.file nor logs.command' };
    }
    const collect = collectOptions(opts, cfg, ctx.signal);
    const [collected, traffic] = await Promise.all([Promise.all(sources.map((s) => s.collect(collect))), nudge(target, opts, ctx)]);
    if (collected.every((s) => s.error !== null)) throw new Error(collected.map((s) => `${s.label}: ${s.error}`).join('; '));
    const openFiles = target.process ? await openLogFiles(target.process.pid) : null;
    const traced = readRoundTrip(ctx.peerFacts.get('traces'));
    const tally = new Tally(opts.samples, traced.roundTrip?.traceId ?? null);
    for (const source of collected) for (const line of source.lines) tally.add(line);
    tally.finish();
    ctx.logger.debug({ lines: tally.physical, structured: tally.structured, sources: collected.length }, 'log lines classified');
    const facts = buildFacts({
      tally,
      sources: collected,
      openLogFiles: openFiles,
      correlation: correlate(traced, tally.traceMatches, opts.correlationSlackMs, collected.find((s) => s.kind === 'run')?.lines),
      windowMs: collect.windowMs,
      traffic,
    });
    return { facts };
  },
};

function sourcesOf(target: Target, cfg: LogsConfig, services: ProbeServices): { sources: LogSource[]; why: string | null } {
  const kube = kubernetesLogSources(target, services);
  const sources: LogSource[] = [...kube.sources];
  if (target.process) sources.push(runSource(target.process));
  if (cfg.file) sources.push(fileSource(path.resolve(target.baseDir, cfg.file)));
  if (cfg.command) sources.push(commandSource(cfg.command, target.baseDir));
  return { sources, why: kube.why };
}

function collectOptions(opts: LogsOptions, cfg: LogsConfig, signal: AbortSignal): CollectOptions {
  return {
    windowMs: (cfg.window ? parseDuration(cfg.window) : null) ?? opts.windowMs,
    maxLines: opts.maxLines,
    maxLineBytes: opts.maxLineBytes,
    maxBytes: opts.maxBytes,
    tailLines: cfg.tail ?? opts.tailLines,
    commandTimeoutMs: opts.commandTimeoutMs,
    signal,
  };
}

/** One request, so a workload that logs per request has something to say in the window. */
async function nudge(target: Target, opts: LogsOptions, ctx: ProbeContext): Promise<string | null> {
  if (!opts.sendTraffic || !target.url) return null;
  const url = target.url + opts.trafficPath;
  const result = await ctx.http.request({ url, timeoutMs: Math.max(500, Math.min(opts.windowMs, 5000)), maxBytes: 64 * 1024, allowTruncate: true, signal: ctx.signal });
  return result.ok ? `GET ${url} → ${result.response.status}` : `GET ${url} → ${result.error.code}: ${result.error.message}`;
}
