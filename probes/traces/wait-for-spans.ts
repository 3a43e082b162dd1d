/**
 * Waits for the spans our round trip caused, and stops as soon as the answer is clear:
 * a span in our trace whose parent is our span id (context honoured), or a server span of
 * our request in a trace of its own (context ignored). Otherwise it waits until the
 * deadline, which covers an SDK's batch delay.
 */
import { ATTR_URL_PATH, ATTR_USER_AGENT_ORIGINAL, SEMATTRS_HTTP_TARGET, SEMATTRS_HTTP_USER_AGENT } from '@opentelemetry/semantic-conventions';
import type { IndexedSpan, SpanIndex } from '../types';
import type { RoundTripFacts } from './round-trip';

/** A span as the judging code needs it, whichever store it came from. */
export type SeenSpan = Pick<IndexedSpan, 'traceId' | 'spanId' | 'parentSpanId' | 'name' | 'kind' | 'attributes' | 'resource' | 'startMs' | 'scope'>;

export interface Sightings {
  /** Spans in the trace we started. */
  ours: SeenSpan[];
  /** Server spans of our request that started a trace of their own. */
  newRoot: SeenSpan[];
}

export const SPAN_KIND_SERVER = 2;
/** Clock skew and instrumentation start-up we allow around our request's time window. */
const SLACK_MS = 250;

const USER_AGENT_KEYS = [ATTR_USER_AGENT_ORIGINAL, SEMATTRS_HTTP_USER_AGENT];
const PATH_KEYS = [ATTR_URL_PATH, SEMATTRS_HTTP_TARGET];

const firstString = (span: SeenSpan, keys: readonly string[]): string | undefined =>
  keys.map((k) => span.attributes[k]).find((v): v is string => typeof v === 'string');

/** Is this span the server side of our request, whatever trace it landed in? */
export function isOurRequest(span: SeenSpan, rt: RoundTripFacts, serviceName: string | null): boolean {
  if (span.kind !== SPAN_KIND_SERVER) return false;
  const ua = firstString(span, USER_AGENT_KEYS);
  if (ua !== undefined) return ua === rt.userAgent;
  // No user agent recorded: the same service serving the same path inside our time window
  // (other probes talk to the workload at the same time, on other paths).
  const path = firstString(span, PATH_KEYS)?.split('?')[0];
  if (path !== undefined && path !== new URL(rt.url).pathname) return false;
  const inWindow = span.startMs >= rt.sentAt - SLACK_MS && span.startMs <= rt.answeredAt + SLACK_MS;
  return inWindow && serviceName !== null && span.resource.serviceName === serviceName;
}

export function classify(spans: readonly SeenSpan[], rt: RoundTripFacts, serviceName: string | null, into: Sightings): void {
  for (const span of spans) {
    if (span.traceId === rt.traceId) into.ours.push(span);
    else if (isOurRequest(span, rt, serviceName)) into.newRoot.push(span);
  }
}

export const answerIsClear = (s: Sightings, rt: RoundTripFacts): boolean =>
  s.newRoot.length > 0 || s.ours.some((span) => span.parentSpanId === rt.spanId);

export interface WaitOptions {
  index: SpanIndex;
  roundTrip: RoundTripFacts;
  serviceName: string | null;
  waitMs: number;
  signal: AbortSignal;
}

/** Resolves once any span of `serviceName` is indexed, or after `waitMs`, or on abort. */
export function waitForService(index: SpanIndex, serviceName: string, waitMs: number, signal: AbortSignal): Promise<void> {
  if (index.byService(serviceName).length > 0 || signal.aborted || waitMs <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const finish = (): void => {
      clearTimeout(timer);
      unsubscribe();
      signal.removeEventListener('abort', finish);
      resolve();
    };
    const timer = setTimeout(finish, waitMs);
    const unsubscribe = index.subscribe((batch) => {
      if (batch.some((s) => s.resource.serviceName === serviceName)) finish();
    });
    signal.addEventListener('abort', finish, { once: true });
  });
}

export function waitForSpans(o: WaitOptions): Promise<Sightings> {
  const seen: Sightings = { ours: [], newRoot: [] };
  // Spans may have arrived while the request was in flight: take what is indexed already.
  classify(o.index.byTrace(o.roundTrip.traceId), o.roundTrip, o.serviceName, seen);
  if (o.serviceName) classify(o.index.byService(o.serviceName, o.roundTrip.sentAt - SLACK_MS).filter((s) => s.traceId !== o.roundTrip.traceId), o.roundTrip, o.serviceName, seen);
  if (answerIsClear(seen, o.roundTrip) || o.signal.aborted || o.waitMs <= 0) return Promise.resolve(seen);
  return new Promise((resolve) => {
    const finish = (): void => {
      clearTimeout(timer);
      unsubscribe();
      o.signal.removeEventListener('abort', finish);
      resolve(seen);
    };
    const timer = setTimeout(finish, o.waitMs);
    const unsubscribe = o.index.subscribe((batch) => {
      classify(batch, o.roundTrip, o.serviceName, seen);
      if (answerIsClear(seen, o.roundTrip)) finish();
    });
    o.signal.addEventListener('abort', finish, { once: true });
  });
}
