/**
 * The traces probe: does the workload export OpenTelemetry spans, and does it honour an
 * incoming W3C `traceparent`? It sends one request with a fresh trace context, then
 * watches the embedded OTLP receiver (or the workload's own Jaeger/Tempo) for the spans
 * that request caused. Spans of the service without our request count as exported too.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { IndexedSpan, SpanIndex } from './types';
import type { Target } from './types';
import { externalServiceHasTraces, externalTrace, type ExternalKind, type ExternalLookup } from './traces/external';
import { describeRoundTrip, sendRoundTrip, type RoundTripFacts } from './traces/round-trip';
import { TRANSPORTS, TracesFacts } from './traces/facts-schema';
import { spanFacts } from './traces/span-facts';
import { classify, waitForService, waitForSpans, type Sightings } from './traces/wait-for-spans';
import type { Probe, ProbeContext } from './types';

interface TracesOptions {
  waitMs: number;
  unknownExporterWaitMs: number;
  requestTimeoutMs: number;
  maxBodyBytes: number;
}

/** The `traces:` key of a workload. */
export interface TracesWorkloadConfig {
  path?: string;
  method?: string;
  /** How a `run` workload is told to export: picks the endpoint and `OTEL_EXPORTER_OTLP_PROTOCOL`. */
  protocol?: (typeof TRANSPORTS)[number];
  serviceName?: string;
  jaeger?: string;
  tempo?: string;
}

const urlString = { type: 'string', pattern: '^https?://' };

export const tracesProbe: Probe<TracesFacts> = {
  id: 'traces',
  title: 'Traces (OpenTelemetry export and trace-context propagation)',
  facts: TracesFacts,
  needsLiveTarget: true,
  completeWith: 'give it a url to send a traced request to, and traces.serviceName (or run it with run:) so its spans can be recognised',
  workloadKeys: {
    traces: {
      type: 'object',
      additionalProperties: false,
      properties: {
        path: { type: 'string', pattern: '^/' },
        method: { enum: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] },
        protocol: { enum: [...TRANSPORTS] },
        serviceName: { type: 'string', minLength: 1 },
        jaeger: urlString,
        tempo: urlString,
      },
    },
  },
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      // Covers the SDKs' default 5 s batch delay; run workloads get a 200 ms one.
      waitMs: { type: 'integer', minimum: 100, default: 6000 },
      // A workload whose exporter we know nothing of rarely exports to us; its silence is
      // judged unknown anyway, so it is not worth the full wait (ad-hoc `--target` checks).
      unknownExporterWaitMs: { type: 'integer', minimum: 0, default: 1000 },
      requestTimeoutMs: { type: 'integer', minimum: 100, default: 3000 },
      maxBodyBytes: { type: 'integer', minimum: 1024, default: 64 * 1024 },
    },
  },

  async run(target, ctx) {
    const cfg = (target.config.traces ?? {}) as TracesWorkloadConfig;
    const opts = ctx.options as unknown as TracesOptions;
    const index = ctx.services.spanIndex ?? null;
    const external = externalOf(cfg, ctx, opts);
    if (!index && !external) {
      const injected = target.cluster?.instrumentation ?? [];
      const note = injected.length > 0 ? `; ${instrumentationEvidence(injected).join('; ')}` : '';
      return { facts: {}, skipped: `no OTLP receiver is running and no Jaeger or Tempo is configured for this workload${note}` };
    }
    const baseUrl = workloadUrl(target);
    const serviceName = expectedServiceName(target, cfg);
    if (!baseUrl && !serviceName) return { facts: {}, skipped: 'no url to send a request to and no service name to look for' };

    const roundTrip = baseUrl
      ? await sendRoundTrip(ctx.http, { baseUrl, path: cfg.path ?? '/', method: cfg.method ?? 'GET', timeoutMs: opts.requestTimeoutMs, maxBodyBytes: opts.maxBodyBytes, signal: ctx.signal })
      : null;
    const exportTargetKnown = Boolean(target.config.run || cfg.serviceName || external);
    const injected = target.cluster?.instrumentation ?? null;
    const waitMs = exportTargetKnown ? opts.waitMs : opts.unknownExporterWaitMs;
    const launched = Boolean(target.config.run);
    // Waiting for spans holds nothing but a subscription: the workload's sweep slot goes to the next workload meanwhile.
    const idle = <T>(p: Promise<T>): Promise<T> => (ctx.idle ? ctx.idle(p) : p);
    const seen = await idle(observe(roundTrip, serviceName, index, external, waitMs, ctx.signal));
    // A workload we launched, told where to export, that could not be asked (it speaks no
    // HTTP): give its own spans the same time to arrive before its silence counts.
    if (launched && roundTrip?.status === null && index && serviceName && seen.ours.length + seen.newRoot.length === 0) {
      await idle(waitForService(index, serviceName, waitMs, ctx.signal));
    }
    const background = index && serviceName ? index.byService(serviceName).filter((s) => s.traceId !== roundTrip?.traceId && !seen.newRoot.includes(s)) : [];
    const elsewhere = external && seen.ours.length === 0 && background.length === 0 && serviceName ? await externalServiceHasTraces(external, serviceName) : null;
    const facts = spanFacts({
      seen,
      background,
      roundTrip,
      expectedServiceName: serviceName,
      exportTargetKnown,
      launched,
      externalSource: external?.kind,
      backgroundElsewhere: elsewhere?.found ? external!.kind : undefined,
    });
    ctx.logger.debug({ ours: seen.ours.length, newRoot: seen.newRoot.length, background: background.length }, 'traces observed');
    return {
      facts: {
        receiver: index !== null,
        protocol: target.config.run ? (cfg.protocol ?? 'http/protobuf') : null,
        expectedServiceName: serviceName,
        exportTargetKnown,
        roundTrip,
        ...facts,
        receivedOver: receivedOver(index, roundTrip, seen),
        instrumentation: injected,
        evidence: {
          ...facts.evidence,
          roundTrip: roundTrip ? [describeRoundTrip(roundTrip)] : [],
          propagation: propagationEvidence(seen, roundTrip, waitMs),
          external: [...seen.notes, ...(elsewhere ? [elsewhere.note] : [])],
          instrumentation: instrumentationEvidence(injected),
        },
      },
    };
  },
};

/** What the OpenTelemetry operator's annotations say about where the spans go. */
function instrumentationEvidence(injected: { language: string; value: string }[] | null): string[] {
  return (injected ?? []).map((i) => `the OpenTelemetry operator injects ${i.language} instrumentation (instrumentation.opentelemetry.io/inject-${i.language}: ${i.value}): spans go to the collector that Instrumentation names; give distroready that backend (traces.jaeger or traces.tempo) to see them`);
}

/** The OTLP protocols the spans of our request reached the receiver over (`grpc`, `http/json`, …). */
function receivedOver(index: SpanIndex | null, rt: RoundTripFacts | null, seen: Sightings): IndexedSpan['transport'][] {
  if (!index || !rt) return [];
  const spans = [...index.byTrace(rt.traceId), ...seen.newRoot] as Partial<IndexedSpan>[];
  return [...new Set(spans.map((s) => s.transport).filter((t): t is IndexedSpan['transport'] => t !== undefined))];
}

function externalOf(cfg: TracesWorkloadConfig, ctx: ProbeContext, opts: TracesOptions): ExternalLookup | null {
  const kind: ExternalKind | null = cfg.jaeger ? 'jaeger' : cfg.tempo ? 'tempo' : null;
  if (!kind) return null;
  return { kind, baseUrl: (cfg.jaeger ?? cfg.tempo)!, http: ctx.http, timeoutMs: opts.requestTimeoutMs, signal: ctx.signal };
}

/** A `run` workload without a `url` is reached on its port on loopback. */
function workloadUrl(target: Target): string | undefined {
  if (target.url) return target.url;
  const port = target.config.run?.port;
  return port ? `http://127.0.0.1:${port}` : undefined;
}

/** The name its spans should carry: configured, or the one distroready gave a `run` workload. */
function expectedServiceName(target: Target, cfg: TracesWorkloadConfig): string | null {
  if (cfg.serviceName) return cfg.serviceName;
  if (!target.config.run) return null;
  return target.config.run.env?.OTEL_SERVICE_NAME ?? target.name;
}

type Observed = Sightings & { notes: string[] };

async function observe(rt: RoundTripFacts | null, serviceName: string | null, index: SpanIndex | null, external: ExternalLookup | null, waitMs: number, signal: AbortSignal): Promise<Observed> {
  if (!rt) return { ours: [], newRoot: [], notes: [] };
  // A request that got no answer caused no spans worth waiting for; take what is there.
  const wait = rt.status === null ? 0 : waitMs;
  if (external) return pollExternal(external, rt, serviceName, index, wait, signal);
  return { ...(await waitForSpans({ index: index!, roundTrip: rt, serviceName, waitMs: wait, signal })), notes: [] };
}

/** Jaeger and Tempo ingest with a delay: ask again every half second until the deadline. */
async function pollExternal(l: ExternalLookup, rt: RoundTripFacts, serviceName: string | null, index: SpanIndex | null, waitMs: number, signal: AbortSignal): Promise<Observed> {
  const seen: Observed = { ours: [], newRoot: [], notes: [] };
  const deadline = Date.now() + waitMs;
  for (;;) {
    const { spans, note } = await externalTrace(l, rt.traceId);
    seen.notes = [note];
    if (spans.length > 0) {
      classify(spans, rt, serviceName, seen);
      break;
    }
    if (Date.now() + 500 > deadline || signal.aborted) break;
    await delay(500, undefined, { signal }).catch(() => undefined);
  }
  // A workload may export to both; what reached the receiver counts as well.
  if (index && seen.ours.length === 0) classify(index.byTrace(rt.traceId), rt, serviceName, seen);
  return seen;
}

function propagationEvidence(seen: Sightings, rt: RoundTripFacts | null, waitMs: number): string[] {
  if (!rt) return ['no request sent: the workload has no url'];
  if (seen.ours.some((s) => s.parentSpanId === rt.spanId)) return [`a span of trace ${rt.traceId} has our span ${rt.spanId} as its parent: the incoming context was honoured`];
  if (seen.ours.length > 0) return [`${seen.ours.length} span(s) joined trace ${rt.traceId}, none with our span ${rt.spanId} as parent (a proxy or middleware in between)`];
  if (seen.newRoot.length > 0) return seen.newRoot.slice(0, 3).map((s) => `our request was served in trace ${s.traceId} (${s.parentSpanId ? 'not ours' : 'a new root'}): the incoming traceparent was ignored`);
  if (rt.status === null) return [`our request got no HTTP answer (${rt.error ?? 'no answer'}), so none of its spans could be expected; the service's own spans were waited for ${waitMs} ms`];
  return [`no span of our request arrived within ${waitMs} ms (a workload distroready does not launch must export to its receiver, or name its Jaeger or Tempo under traces:)`];
}
