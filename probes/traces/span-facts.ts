/**
 * Facts from the spans the probe saw: did any arrive, was our context honoured, how is
 * the server span named and attributed. Pure: the judging stays in config/checks/traces.
 */
import {
  ATTR_DEPLOYMENT_ENVIRONMENT_NAME,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_SERVICE_VERSION,
  SEMATTRS_HTTP_METHOD,
  SEMATTRS_HTTP_STATUS_CODE,
  SEMRESATTRS_DEPLOYMENT_ENVIRONMENT,
} from '@opentelemetry/semantic-conventions';
import type { RoundTripFacts } from './round-trip';
import { SPAN_KIND_SERVER, type SeenSpan, type Sightings } from './wait-for-spans';

const KIND_NAMES = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];
// Current semantic conventions first, then the names instrumentations used before HTTP semconv 1.23.
const METHOD_KEYS = [ATTR_HTTP_REQUEST_METHOD, SEMATTRS_HTTP_METHOD];
const STATUS_KEYS = [ATTR_HTTP_RESPONSE_STATUS_CODE, SEMATTRS_HTTP_STATUS_CODE];
const ROUTE_KEYS = [ATTR_HTTP_ROUTE];
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
  if (!httpMethodKey) missing.push(`${ATTR_HTTP_REQUEST_METHOD} (or ${SEMATTRS_HTTP_METHOD})`);
  if (!httpRouteKey) missing.push(ATTR_HTTP_ROUTE);
  if (!firstKey(span, STATUS_KEYS)) missing.push(`${ATTR_HTTP_RESPONSE_STATUS_CODE} (or ${SEMATTRS_HTTP_STATUS_CODE})`);
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
  /**
   * distroready launched it with its OTLP endpoint set: silence after the wait is an answer
   * even when no request could be sent (a server that speaks no HTTP).
   */
  launched?: boolean;
  /** A Jaeger or Tempo that holds recent traces of the service, without our request. */
  backgroundElsewhere?: 'jaeger' | 'tempo';
}

export function spanFacts(i: SpanFactsInput) {
  const { seen, background, roundTrip: rt } = i;
  const source: ExportSource | null =
    seen.ours.length > 0 ? (i.externalSource ?? 'round-trip') : seen.newRoot.length > 0 ? (i.externalSource ?? 'new-root-trace') : background.length > 0 ? 'background' : (i.backgroundElsewhere ?? null);
  // A workload that never answered our request proves nothing by sending no spans.
  const asked = rt !== null && rt.status !== null;
  const spansExported = source !== null ? true : i.exportTargetKnown && (asked || i.launched === true) ? false : null;
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
      serviceVersion: attrs[ATTR_SERVICE_VERSION] ?? null,
      deploymentEnvironment: attrs[ATTR_DEPLOYMENT_ENVIRONMENT_NAME] ?? attrs[SEMRESATTRS_DEPLOYMENT_ENVIRONMENT] ?? null,
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
