/**
 * Traces a workload already exports elsewhere: read back through the Jaeger query API
 * (`/api/traces/{id}`, `/api/traces?service=`) or Tempo (`/api/traces/{id}`,
 * `/api/search?tags=`). Both stores ingest with a delay, so trace lookups are polled until
 * the deadline. Everything read is bounded by the HTTP client; odd answers are empty.
 */
import type { HttpClient } from '../types';
import { normalizeRequest } from '../../src/otlp/normalize';
import type { SeenSpan } from './wait-for-spans';

export type ExternalKind = 'jaeger' | 'tempo';

export interface ExternalLookup {
  kind: ExternalKind;
  baseUrl: string;
  http: HttpClient;
  timeoutMs: number;
  signal: AbortSignal;
}

const MAX_BYTES = 4 * 1024 * 1024;
const KINDS: Record<string, number> = { internal: 1, server: 2, client: 3, producer: 4, consumer: 5 };

type Obj = Record<string, unknown>;
const objs = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter((x): x is Obj => typeof x === 'object' && x !== null) : []);

async function getJson(l: ExternalLookup, path: string): Promise<{ body: unknown; note: string }> {
  const url = `${l.baseUrl.replace(/\/+$/, '')}${path}`;
  const r = await l.http.request({ url, headers: { accept: 'application/json' }, timeoutMs: l.timeoutMs, maxBytes: MAX_BYTES, signal: l.signal });
  if (!r.ok) return { body: null, note: `${l.kind} ${url}: ${r.error.code} (${r.error.message})` };
  try {
    return { body: JSON.parse(r.response.body.toString('utf8')) as unknown, note: `${l.kind} ${url} → ${r.response.status}` };
  } catch {
    return { body: null, note: `${l.kind} ${url} → ${r.response.status}, not JSON` };
  }
}

/** Jaeger's JSON model (`data[].spans[]`, `processes`) as spans. */
export function jaegerSpans(body: unknown): SeenSpan[] {
  const out: SeenSpan[] = [];
  for (const trace of objs((body as Obj | null)?.data)) {
    const processes = (trace.processes ?? {}) as Record<string, Obj>;
    for (const s of objs(trace.spans)) {
      const tags: Record<string, string | number | boolean> = {};
      for (const t of objs(s.tags).slice(0, 32)) {
        if (typeof t.key === 'string' && ['string', 'number', 'boolean'].includes(typeof t.value)) tags[t.key] = t.value as string | number | boolean;
      }
      const parent = objs(s.references).find((r) => r.refType === 'CHILD_OF');
      const service = processes[String(s.processID)]?.serviceName;
      out.push({
        traceId: String(s.traceID ?? '').padStart(32, '0'),
        spanId: String(s.spanID ?? ''),
        parentSpanId: parent ? String(parent.spanID) : null,
        name: String(s.operationName ?? ''),
        kind: KINDS[String(tags['span.kind'] ?? '')] ?? 0,
        attributes: tags,
        resource: { serviceName: typeof service === 'string' ? service : null, attributes: {} },
        startMs: Number(s.startTime ?? 0) / 1000,
        scope: String(tags['otel.scope.name'] ?? tags['otel.library.name'] ?? ''),
      });
    }
  }
  return out;
}

const b64ToHex = (v: unknown): unknown => (typeof v === 'string' && !/^[0-9a-f]*$/i.test(v) ? Buffer.from(v, 'base64').toString('hex') : v);

/** Tempo's answers are OTLP/JSON (`batches` or `trace.resourceSpans`), ids often base64. */
export function tempoSpans(body: unknown): SeenSpan[] {
  const b = (body ?? {}) as Obj;
  const resourceSpans = objs(b.batches ?? b.resourceSpans ?? (b.trace as Obj | undefined)?.resourceSpans);
  for (const rs of resourceSpans) {
    rs.scopeSpans ??= rs.instrumentationLibrarySpans;
    for (const ss of objs(rs.scopeSpans)) {
      for (const s of objs(ss.spans)) {
        s.traceId = b64ToHex(s.traceId);
        s.spanId = b64ToHex(s.spanId);
        s.parentSpanId = b64ToHex(s.parentSpanId);
      }
    }
  }
  try {
    return normalizeRequest({ resourceSpans }, 'http/json').spans;
  } catch {
    return [];
  }
}

/** The spans of one trace, or none yet. */
export async function externalTrace(l: ExternalLookup, traceId: string): Promise<{ spans: SeenSpan[]; note: string }> {
  const { body, note } = await getJson(l, `/api/traces/${traceId}`);
  return { spans: l.kind === 'jaeger' ? jaegerSpans(body) : tempoSpans(body), note };
}

/** Whether the store holds any recent trace of the service (background work counts). */
export async function externalServiceHasTraces(l: ExternalLookup, serviceName: string): Promise<{ found: boolean; note: string }> {
  const path =
    l.kind === 'jaeger'
      ? `/api/traces?service=${encodeURIComponent(serviceName)}&limit=5&lookback=1h`
      : `/api/search?tags=${encodeURIComponent(`service.name=${serviceName}`)}&limit=5`;
  const { body, note } = await getJson(l, path);
  const list = l.kind === 'jaeger' ? (body as Obj | null)?.data : (body as Obj | null)?.traces;
  return { found: Array.isArray(list) && list.length > 0, note };
}
