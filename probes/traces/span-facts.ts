/**
 * Facts from the spans the probe saw: did any arrive, was our context honoured, how is
 * the server span named and attributed. Pure: the judging stays in config/checks/traces.
 */
import type { RoundTripFacts } from './round-trip';
import { SPAN_KIND_SERVER, type SeenSpan, type Sightings } from './wait-for-spans';

const KIND_NAMES = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];
const METHOD_KEYS = ['http.request.method', 'http.method'];
const STATUS_KEYS = ['http.response.status_code', 'http.status_code'];
const ROUTE_KEYS = ['http.route'];
const MAX_EVIDENCE = 10;

export type ExportSource = 'round-trip' | 'new-root-trace' | 'background' | 'jaeger' | 'tempo';

export interface ServerSpanFacts {
  name: string;
  kind: string;
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  scope: string;
  serviceName: string | null;
  attributes: Record<string, string | number | boolean>;
}

const kindName = (kind: number): string => KIND_NAMES[kind] ?? `kind ${kind}`;

const firstKey = (span: SeenSpan, keys: readonly string[]): string | null => keys.find((k) => span.attributes[k] !== undefined) ?? null;

export function describeSpan(span: SeenSpan, rt: RoundTripFacts | null): string {
  const ours = rt && span.traceId === rt.traceId ? ' (our trace)' : '';
  const parent = span.parentSpanId === null ? 'root span' : `parent ${span.parentSpanId}${rt && span.parentSpanId === rt.spanId ? ' (our span)' : ''}`;
  return `${kindName(span.kind)} span ${JSON.stringify(span.name)} of ${span.resource.serviceName ?? '(no service.name)'}: trace ${span.traceId}${ours}, ${parent}${span.scope ? `, scope ${span.scope}` : ''}`;
}

/** The span that stands for our request on the server side, if any. */
export function pickServerSpan(seen: Sightings, rt: RoundTripFacts | null): SeenSpan | null {
  const direct = rt ? seen.ours.find((s) => s.parentSpanId === rt.spanId && s.kind === SPAN_KIND_SERVER) : undefined;
  return direct ?? seen.ours.find((s) => s.kind === SPAN_KIND_SERVER) ?? seen.ours.find((s) => rt !== null && s.parentSpanId === rt.spanId) ?? seen.newRoot[0] ?? null;
}

function serverSpanFacts(span: SeenSpan): ServerSpanFacts {
  return {
    name: span.name,
    kind: kindName(span.kind),
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId,
    scope: span.scope,
    serviceName: span.resource.serviceName,
    attributes: { ...span.attributes },
  };
}

function semconv(span: SeenSpan | null) {
  if (!span) return { semanticConventions: null, missingAttributes: [] as string[], httpMethodKey: null, httpRouteKey: null, evidence: [] as string[] };
  const httpMethodKey = firstKey(span, METHOD_KEYS);
  const httpRouteKey = firstKey(span, ROUTE_KEYS);
  const missing: string[] = [];
  if (span.kind !== SPAN_KIND_SERVER) missing.push(`span kind SERVER (is ${kindName(span.kind)})`);
  if (!httpMethodKey) missing.push('http.request.method (or http.method)');
  if (!httpRouteKey) missing.push('http.route');
  if (!firstKey(span, STATUS_KEYS)) missing.push('http.response.status_code (or http.status_code)');
  const present = Object.entries(span.attributes).slice(0, 12).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return {
    semanticConventions: missing.length === 0,
    missingAttributes: missing,
    httpMethodKey,
    httpRouteKey,
    evidence: [`server span ${JSON.stringify(span.name)}: ${present.join(', ') || 'no attributes'}`, ...missing.map((m) => `missing: ${m}`)],
  };
}

export interface SpanFactsInput {
  seen: Sightings;
  background: readonly SeenSpan[];
  roundTrip: RoundTripFacts | null;
  expectedServiceName: string | null;
  /** Where `seen` came from when it was not our own receiver. */
  externalSource?: 'jaeger' | 'tempo';
  /**
   * Whether the workload is known to export where we look: a `run` workload (we set its
   * endpoint), or one with `traces.serviceName`, `jaeger` or `tempo` configured. Silence from
   * a workload that may export elsewhere proves nothing, so it is not a failure.
   */
  exportTargetKnown: boolean;
  /** A Jaeger or Tempo that holds recent traces of the service, without our request. */
  backgroundElsewhere?: 'jaeger' | 'tempo';
}

export function spanFacts(i: SpanFactsInput) {
  const { seen, background, roundTrip: rt } = i;
  const source: ExportSource | null =
    seen.ours.length > 0 ? (i.externalSource ?? 'round-trip') : seen.newRoot.length > 0 ? (i.externalSource ?? 'new-root-trace') : background.length > 0 ? 'background' : (i.backgroundElsewhere ?? null);
  // A workload that never answered our request proves nothing by sending no spans.
  const spansExported = source !== null ? true : rt && rt.status !== null && i.exportTargetKnown ? false : null;
  const contextPropagated = seen.ours.length > 0 ? true : seen.newRoot.length > 0 ? false : null;
  const server = pickServerSpan(seen, rt);
  const named = server ?? seen.ours[0] ?? seen.newRoot[0] ?? background[0] ?? null;
  const observedServiceName = named?.resource.serviceName ?? null;
  const attrs = named?.resource.attributes ?? {};
  const conv = semconv(server);
  return {
    spansExported,
    exportedVia: source,
    contextPropagated,
    spanCounts: { ourTrace: seen.ours.length, newRootTraces: seen.newRoot.length, background: background.length },
    parentIsOurSpan: rt ? seen.ours.some((s) => s.parentSpanId === rt.spanId) : null,
    serverSpan: server ? serverSpanFacts(server) : null,
    observedServiceName,
    serviceNamed: named ? observedServiceName !== null && observedServiceName !== '' && !observedServiceName.startsWith('unknown_service') : null,
    resource: {
      serviceVersion: attrs['service.version'] ?? null,
      deploymentEnvironment: attrs['deployment.environment.name'] ?? attrs['deployment.environment'] ?? null,
    },
    semanticConventions: conv.semanticConventions,
    missingAttributes: conv.missingAttributes,
    httpMethodKey: conv.httpMethodKey,
    httpRouteKey: conv.httpRouteKey,
    evidence: {
      spans: [...seen.ours, ...seen.newRoot].slice(0, MAX_EVIDENCE).map((s) => describeSpan(s, rt)),
      background: background.slice(0, 3).map((s) => describeSpan(s, rt)),
      semconv: conv.evidence,
      resource: named ? [`resource of ${JSON.stringify(observedServiceName)}: ${Object.keys(attrs).slice(0, 12).join(', ') || 'no attributes'}`] : [],
    },
  };
}
