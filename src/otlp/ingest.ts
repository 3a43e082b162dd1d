/**
 * What both transports do with a decoded request: normalize, index, count. The outcome
 * says how to answer; each transport maps it onto its own status codes.
 */
import type { Logger } from 'pino';
import type { Metrics } from '../metrics/metrics';
import { MalformedRequest, normalizeRequest, type Normalized } from './normalize';
import type { MemorySpanIndex } from './span-index';
import type { OtlpTransport } from './span-types';

export type Transport = OtlpTransport;

export type IngestOutcome =
  | { kind: 'ok'; accepted: number; rejected: number; message?: string }
  | { kind: 'malformed'; message: string }
  | { kind: 'full'; spans: number; retryAfterMs: number };

export interface IngestDeps {
  index: MemorySpanIndex;
  logger: Logger;
  metrics?: Pick<Metrics, 'otlpSpansAccepted' | 'otlpSpansRejected' | 'otlpIndexedSpans'>;
}

/** A decoded request (OTLP/JSON, or protobufjs's objects): normalized, then indexed. */
export function ingest(request: unknown, transport: Transport, deps: IngestDeps): IngestOutcome {
  let normalized;
  try {
    normalized = normalizeRequest(request, transport);
  } catch (err) {
    if (!(err instanceof MalformedRequest)) throw err;
    deps.logger.debug({ transport, reason: err.message }, 'malformed OTLP request');
    return { kind: 'malformed', message: err.message };
  }
  return ingestSpans(normalized, transport, deps);
}

/** Spans already made into index entries (`otlp-wire.ts` does that from protobuf bytes): indexed and counted. */
export function ingestSpans(normalized: Normalized, transport: Transport, deps: IngestDeps): IngestOutcome {
  const { spans, invalid, firstInvalid } = normalized;
  if (invalid > 0) deps.metrics?.otlpSpansRejected.inc({ transport, reason: 'invalid' }, invalid);
  const added = deps.index.add(spans);
  if (added.retryAfterMs !== undefined) {
    deps.metrics?.otlpSpansRejected.inc({ transport, reason: 'full' }, spans.length);
    deps.logger.warn({ transport, spans: spans.length, index: deps.index.stats() }, 'span index full; asking the sender to retry');
    return { kind: 'full', spans: spans.length, retryAfterMs: added.retryAfterMs };
  }
  deps.metrics?.otlpSpansAccepted.inc({ transport }, added.accepted);
  deps.metrics?.otlpIndexedSpans.set(deps.index.size);
  return { kind: 'ok', accepted: added.accepted, rejected: invalid, message: firstInvalid };
}
