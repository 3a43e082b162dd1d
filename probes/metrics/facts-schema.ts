/**
 * What the metrics probe reports: where it scraped and what answered, the target's own
 * time and size, what the exposition holds (validity, lint, signals, cardinality), and
 * which of distroready's own limits cut the read short. It judges nothing: thresholds
 * (slow, too many series, too many label values) are the checks' parameters.
 *
 * Facts about the exposition are `null` when no exposition was read whole, so their
 * checks are `unknown` rather than judged on a part.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Count = Type.Integer({ minimum: 0 });
const Ms = Type.Number({ minimum: 0 });
const Lines = Type.Array(Type.String());

/** A family chosen for a signal, and the convention that says what it means. */
export const SignalPick = Type.Object(
  {
    /** What to query: `http_requests_total`, `http_server_requests_seconds_count`, `grpc_server_handled_total{grpc_code}`. */
    metric: Type.String(),
    family: Type.String(),
    /** "Micrometer's server request timer (http.server.requests)". */
    why: Type.String(),
  },
  { additionalProperties: false },
);

export const MetricsSignals = Type.Object(
  {
    /** Process/runtime families (the first 20, in exposition order). */
    runtime: Type.Array(Type.String()),
    runtimeCount: Count,
    /** Request rate: a server request counter, or a request-duration histogram's `_count`. */
    rate: Nullable(SignalPick),
    /** Where failures show: a request family's status label. */
    errors: Nullable(SignalPick),
    /** A histogram or summary of server request durations. */
    duration: Nullable(SignalPick),
    /** The request duration, else a worker's job duration. */
    latency: Nullable(SignalPick),
  },
  { additionalProperties: false },
);

/** One endpoint a ServiceMonitor names for the workload, and whether it answers with an exposition. */
export const ServiceMonitorClaim = Type.Object(
  {
    /** `servicemonitor monitoring/checkout`. */
    source: Type.String(),
    /** `shop/checkout`: the Service that carries it to the pods. */
    service: Type.String(),
    /** `port metrics`, `targetPort 9100`: as the ServiceMonitor names it. */
    names: Type.String(),
    /** Where it resolves on the probed pod; `null` when it names no port there. */
    url: Nullable(Type.String()),
    /** An answer at `url` is a Prometheus exposition (false when there is no `url`). */
    found: Type.Boolean(),
  },
  { additionalProperties: false },
);

/** The limits distroready read the answer under (options that protect distroready, not judgements). */
export const MetricsLimits = Type.Object(
  { maxBytes: Count, maxSamples: Count, maxLineBytes: Count },
  { additionalProperties: false },
);

export const MetricsFacts = Type.Object(
  {
    /** The endpoint judged: the exposition found, else the last URL tried. */
    url: Type.String(),
    source: Type.Union([Type.Literal('configured'), Type.Literal('discovered')]),
    /** An answer at `url` is a Prometheus exposition (see README, "what counts as a metrics endpoint"). */
    found: Type.Boolean(),
    /** Answers that were expositions (a second scrape follows when request metrics await traffic). */
    scrapes: Count,
    /** HTTP status of the last answer; `null` when none came. */
    status: Nullable(Type.Integer()),
    contentType: Nullable(Type.String()),
    /** The Content-Type names a format Prometheus negotiates (text/plain or application/openmetrics-text). */
    contentTypeKnown: Nullable(Type.Boolean()),
    /** The format the body was read as. */
    format: Nullable(Type.Union([Type.Literal('text'), Type.Literal('openmetrics')])),
    contentEncoding: Nullable(Type.String()),
    /** Decompressed bytes read: the whole body, or as much as `limits.maxBytes` let in. */
    bytes: Nullable(Count),
    /** From the request written to the answer's first byte, as the client saw it. */
    ttfbMs: Nullable(Ms),
    /** From the first byte to the last. */
    transferMs: Nullable(Ms),
    /** How long distroready's own event loop was busy during that scrape: the most our delay can have added. */
    clientBusyMs: Nullable(Ms),
    /** The target's time, `ttfbMs + transferMs`; `null` when distroready was too busy to tell its time from ours. */
    scrapeMs: Nullable(Ms),
    limits: MetricsLimits,
    /** A limit in `limits` stopped the read or the parse before the end; `null` when nothing answered. */
    truncated: Nullable(Type.Boolean()),
    truncatedBy: Nullable(Type.Union([Type.Literal('maxBytes'), Type.Literal('maxSamples'), Type.Literal('maxLineBytes')])),
    /** The exposition parsed with no error; `null` when it was not read whole and no error was found in what was. */
    valid: Nullable(Type.Boolean()),
    errorCount: Nullable(Count),
    /** Families with samples. */
    families: Nullable(Count),
    series: Nullable(Count),
    lintNamingCount: Nullable(Count),
    lintStructureCount: Nullable(Count),
    /** The lint rules that found something, sorted. */
    lintRules: Nullable(Type.Array(Type.String())),
    signals: Nullable(MetricsSignals),
    /**
     * What a cluster workload's `prometheus.io/*` annotations claim (scrape, and where), to
     * set beside `found`; `null` when it has none. Absent for workloads not read from a cluster.
     */
    annotation: Type.Optional(Nullable(Type.Object({ scrape: Type.Boolean(), url: Nullable(Type.String()), written: Lines }, { additionalProperties: false }))),
    /**
     * What the ServiceMonitors that select a cluster workload claim, each endpoint scraped
     * (or reused when it is the URL judged above); `null` when none selects it or that is
     * unknown (Services or ServiceMonitors unreadable). Absent for workloads not read from a cluster.
     */
    serviceMonitors: Type.Optional(Nullable(Type.Object(
      {
        /** The claims that could be judged; `null` when none could (each needs credentials distroready does not hold and did not answer without them). */
        claims: Nullable(Type.Array(ServiceMonitorClaim)),
        /** One line per claim: the ServiceMonitor, the port it names, the Service, and what answered. */
        evidence: Lines,
      },
      { additionalProperties: false },
    ))),
    /** The label with most distinct values in one family; `null` in an exposition without labels. */
    topLabel: Nullable(Type.Object({ family: Type.String(), label: Type.String(), distinct: Count }, { additionalProperties: false })),
    /**
     * Evidence lines. A list longer than the report shows ends with "… and N more", N
     * counted from everything found, never from what was kept.
     */
    evidence: Type.Object(
      {
        /** Every URL tried and what answered. */
        endpoint: Lines,
        /** The scrape judged, with its timing. */
        scrape: Lines,
        limits: Lines,
        errors: Lines,
        naming: Lines,
        structure: Lines,
        runtime: Lines,
        red: Lines,
        latency: Lines,
        cardinality: Lines,
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type MetricsFacts = Static<typeof MetricsFacts>;
export type MetricsSignals = Static<typeof MetricsSignals>;
