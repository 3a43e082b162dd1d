/**
 * What the traces probe reports: the traced request it sent, the spans that came of it
 * (or of the service at all), and how they are named and attributed.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Lines = Type.Array(Type.String());
const Count = Type.Integer({ minimum: 0 });

export const TRANSPORTS = ['http/protobuf', 'http/json', 'grpc'] as const;
const Transport = Type.Union(TRANSPORTS.map((t) => Type.Literal(t)));

/** The request with a fresh `traceparent`; the logs probe reads it for log–trace correlation. Times are ms epoch. */
export const RoundTripFacts = Type.Object(
  {
    traceId: Type.String({ pattern: '^[0-9a-f]{32}$' }),
    spanId: Type.String({ pattern: '^[0-9a-f]{16}$' }),
    sentAt: Type.Number(),
    answeredAt: Type.Number(),
    /** HTTP status of the answer, or `null` when there was none. */
    status: Nullable(Type.Integer()),
    method: Type.String(),
    url: Type.String(),
    /** Why there was no answer (refused, timeout, …). */
    error: Type.Optional(Type.String()),
    /** The User-Agent we sent, which HTTP instrumentations record on the server span. */
    userAgent: Type.String(),
  },
  { additionalProperties: false },
);
export type RoundTripFacts = Static<typeof RoundTripFacts>;

export const TracesFacts = Type.Object(
  {
    /** distroready's own OTLP receiver was there to receive spans. */
    receiver: Type.Boolean(),
    /** How a `run` workload was told to export; `null` for workloads distroready did not launch. */
    protocol: Nullable(Transport),
    expectedServiceName: Nullable(Type.String()),
    /** A run workload, or one with traces.serviceName, jaeger or tempo: silence from it is meaningful. */
    exportTargetKnown: Type.Boolean(),
    roundTrip: Nullable(RoundTripFacts),
    /** `null` when silence proves nothing (the export target is unknown, or the request got no answer). */
    spansExported: Nullable(Type.Boolean()),
    exportedVia: Nullable(Type.Union(['round-trip', 'new-root-trace', 'background', 'jaeger', 'tempo'].map((v) => Type.Literal(v)))),
    /** Spans of our request joined our trace (`true`), or started one of their own (`false`). */
    contextPropagated: Nullable(Type.Boolean()),
    spanCounts: Type.Object({ ourTrace: Count, newRootTraces: Count, background: Count }, { additionalProperties: false }),
    parentIsOurSpan: Nullable(Type.Boolean()),
    serverSpan: Nullable(
      Type.Object(
        {
          name: Type.String(),
          kind: Type.String(),
          traceId: Type.String(),
          spanId: Type.String(),
          parentSpanId: Nullable(Type.String()),
          scope: Type.String(),
          serviceName: Nullable(Type.String()),
          attributes: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()])),
        },
        { additionalProperties: false },
      ),
    ),
    observedServiceName: Nullable(Type.String()),
    serviceNamed: Nullable(Type.Boolean()),
    resource: Type.Object(
      { serviceVersion: Nullable(Type.Unknown()), deploymentEnvironment: Nullable(Type.Unknown()) },
      { additionalProperties: false },
    ),
    /** The server span is kind SERVER with method, route and status; `null` without one. */
    semanticConventions: Nullable(Type.Boolean()),
    missingAttributes: Lines,
    httpMethodKey: Nullable(Type.String()),
    httpRouteKey: Nullable(Type.String()),
    /** The OTLP transports our request's spans reached the receiver over. */
    receivedOver: Type.Array(Transport),
    /**
     * The OpenTelemetry operator's `instrumentation.opentelemetry.io/inject-<language>`
     * annotations on a cluster workload (its spans then go where that Instrumentation
     * says); `null` for a workload not read from a cluster.
     */
    instrumentation: Nullable(Type.Array(Type.Object({ language: Type.String(), value: Type.String() }, { additionalProperties: false }))),
    evidence: Type.Object(
      { spans: Lines, background: Lines, semconv: Lines, resource: Lines, roundTrip: Lines, propagation: Lines, external: Lines, instrumentation: Lines },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type TracesFacts = Static<typeof TracesFacts>;
