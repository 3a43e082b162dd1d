/**
 * What the health probe reports: each endpoint as a kubelet would see it, raw latencies,
 * and what discovery found. It judges nothing; the thresholds (the kubelet's timeout) are
 * the checks' parameters.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const EndpointFacts = Type.Object(
  {
    path: Type.String(),
    url: Type.String(),
    /** HTTP status, or `null` when no response came. */
    status: Nullable(Type.Integer()),
    /**
     * The whole request as distroready timed it (redirects, headers and body), without the
     * time it waited for one of its own connections to be free. Includes a TCP connect only
     * when `connectMs` is not null.
     */
    latencyMs: Type.Number({ minimum: 0 }),
    /**
     * The TCP connect `latencyMs` includes; `null` when the request went over a connection
     * already open (kept alive, or the one that showed the target reachable), so it includes
     * none. A kubelet connects afresh for every probe; the target's connect time is
     * `HealthFacts.connectMs`.
     */
    connectMs: Nullable(Type.Number({ minimum: 0 })),
    /** The server's part of the last exchange (first byte plus transfer), never a connect; `null` without an answer. */
    serverMs: Nullable(Type.Number({ minimum: 0 })),
    /** How long distroready's event loop was busy meanwhile: our share of the figures is at most this. */
    clientBusyMs: Nullable(Type.Number({ minimum: 0 })),
    /** Why no usable response came (timeout, refused, redirect loop, …). */
    error: Nullable(Type.String()),
    /** 200 ≤ status < 400: what a kubelet `httpGet` probe counts as success. */
    kubeletSuccess: Type.Boolean(),
    /** What a JSON body says about health, if anything. */
    bodyStatus: Nullable(Type.Union([Type.Literal('up'), Type.Literal('down'), Type.Literal('warn')])),
    /** The start of the body, to tell a catch-all handler's answer from an endpoint's. */
    bodySample: Type.String(),
    redirects: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);
export type EndpointFacts = Static<typeof EndpointFacts>;

export const HealthFacts = Type.Object(
  {
    baseUrl: Type.String(),
    /** Some asked path got an HTTP answer. `false`: the port is open but speaks something else. */
    speaksHttp: Type.Boolean(),
    /** A random path answers 2xx/3xx: every path does, so a 200 proves only that the server is up. */
    catchAll: Type.Boolean(),
    liveness: Nullable(EndpointFacts),
    readiness: Nullable(EndpointFacts),
    livenessSource: Type.Union([Type.Literal('configured'), Type.Literal('discovered')]),
    readinessSource: Type.Union([Type.Literal('configured'), Type.Literal('discovered')]),
    livenessPasses: Nullable(Type.Boolean()),
    readinessPasses: Nullable(Type.Boolean()),
    /** Liveness and readiness are different URLs; `null` unless both were found. */
    distinct: Nullable(Type.Boolean()),
    /**
     * The slowest server time of the chosen endpoints (no connect in it); `null` when none
     * answered, or when distroready was too busy during every try to tell the target's time
     * from its own.
     */
    slowestMs: Nullable(Type.Number({ minimum: 0 })),
    /**
     * How long opening a TCP connection to the target took (the reach check's, whose
     * connection then carried the first request); `null` when none was opened ahead. A
     * kubelet pays this on every probe on top of the server time.
     */
    connectMs: Nullable(Type.Number({ minimum: 0 })),
    /**
     * Where the endpoints come from: `full`, a search this run; `recheck`, the endpoints an
     * earlier search found (at `foundAt`), asked again this run. A recheck that finds one
     * gone searches again at once, and a full search runs at least every `rediscoverAfterMs`.
     */
    discovery: Type.Object(
      {
        kind: Type.Union([Type.Literal('full'), Type.Literal('recheck')]),
        foundAt: Type.String(),
        requests: Type.Integer({ minimum: 0 }),
      },
      { additionalProperties: false },
    ),
    /** A chosen endpoint answers 2xx while its body says DOWN; `null` when none answered over HTTP. */
    bodyContradicts: Nullable(Type.Boolean()),
    evidence: Type.Object(
      {
        liveness: Type.Array(Type.String()),
        readiness: Type.Array(Type.String()),
        /** The chosen endpoints, with their latencies. */
        chosen: Type.Array(Type.String()),
        probed: Type.Array(Type.String()),
        contradictions: Type.Array(Type.String()),
        transport: Type.Array(Type.String()),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type HealthFacts = Static<typeof HealthFacts>;
