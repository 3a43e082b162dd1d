/**
 * What the span index keeps of a span, and the index's contract. Type-only imports of this
 * file are how probes see spans: it loads nothing.
 */

import type { TRANSPORTS } from '../../probes/traces/facts-schema';

/** The OTLP protocols the receiver speaks: one list, which the traces probe's facts also name. */
export type OtlpTransport = (typeof TRANSPORTS)[number];

/** An attribute value as the index keeps it: primitives only, strings cut to a bound. */
export type AttributeValue = string | number | boolean;

/** The resource a batch of spans came from; shared by every span of that batch. */
export interface SpanResource {
  /** `service.name`, or `null` when the resource has none. */
  serviceName: string | null;
  /** A bounded copy of the resource attributes (`service.version`, `deployment.environment`, …). */
  attributes: Readonly<Record<string, AttributeValue>>;
}

export interface IndexedSpan {
  /** 32 lowercase hex digits. */
  traceId: string;
  /** 16 lowercase hex digits. */
  spanId: string;
  /** 16 lowercase hex digits, or `null` for a root span. */
  parentSpanId: string | null;
  name: string;
  /** OTLP SpanKind: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  /** Start and end, ms since the epoch (sub-ms precision is not needed to judge). */
  startMs: number;
  endMs: number;
  /** A bounded copy of the span attributes. */
  attributes: Readonly<Record<string, AttributeValue>>;
  resource: SpanResource;
  /** Instrumentation scope name, e.g. `@opentelemetry/instrumentation-http`. */
  scope: string;
  /** How it reached us: the OTLP protocol, as `OTEL_EXPORTER_OTLP_PROTOCOL` names it. */
  transport: OtlpTransport;
  /** When the receiver indexed it (ms since the epoch). */
  receivedAt: number;
}

/** Why spans were turned away. */
export type RejectReason = 'invalid' | 'full';

export interface AddResult {
  accepted: number;
  /** Spans refused because they were malformed (bad ids): reported as partial success. */
  invalid: number;
  /** Set when nothing was taken because the index is full: the sender should retry after this long. */
  retryAfterMs?: number;
}

export interface SpanIndexStats {
  spans: number;
  bytes: number;
  traces: number;
  services: number;
}

/**
 * A bounded, expiring index of received spans, by trace id and by `service.name`. Spans
 * older than the retention are dropped; when the caps in spans or bytes are reached new
 * batches are refused (the receiver answers 429) until room frees up.
 */
export interface SpanIndex {
  /** Spans of one trace, oldest first. */
  byTrace(traceId: string): readonly IndexedSpan[];
  /** Recent spans of one service (at most a bounded number), received at or after `sinceMs`. */
  byService(serviceName: string, sinceMs?: number): readonly IndexedSpan[];
  /** Called with every batch as it is indexed; returns the unsubscribe function. */
  subscribe(listener: (spans: readonly IndexedSpan[]) => void): () => void;
  stats(): SpanIndexStats;
}
