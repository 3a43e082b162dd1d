/**
 * Log–trace correlation, joint with the traces probe: it sent one request with a fresh
 * W3C trace id and recorded when (`roundTrip` in its facts). If a log line written during
 * that request carries the same trace id, a person can jump from a span to its log lines
 * once there is no shell to grep with.
 */
import type { TracesFacts } from '../traces/facts-schema';
import type { CapturedLine } from '../shared/line-buffer';
import { sampleOf } from './sample';

/** What the traces probe reports about its round trip. */
export interface RoundTrip {
  /** 32 lowercase hex digits. */
  traceId: string;
  sentAt: number;
  answeredAt: number;
}

export interface CorrelationFacts {
  roundTrip: { traceId: string; window: string } | null;
  /** A line written in the window carries the trace id; `null` without a round trip. */
  roundTripCorrelated: boolean | null;
  evidence: string[];
}

/**
 * The traces probe's round trip, when the workload traced it: only a request whose spans
 * joined our trace put our trace id in the workload's hands, so only then can its log
 * lines be expected to carry it. Otherwise, why there is nothing to correlate.
 */
export function readRoundTrip(traces: Readonly<Partial<TracesFacts>> | undefined): { roundTrip: RoundTrip } | { roundTrip: null; why: string } {
  // Read defensively all the same: a test or a future producer may hand in less.
  const rt = traces?.roundTrip as Partial<RoundTrip> | null | undefined;
  if (!rt || typeof rt !== 'object') return { roundTrip: null, why: 'no traced request was sent (the traces probe did not run or had no url)' };
  if (typeof rt.traceId !== 'string' || !/^[0-9a-f]{32}$/.test(rt.traceId)) return { roundTrip: null, why: 'the traced request has no valid trace id' };
  if (typeof rt.sentAt !== 'number' || typeof rt.answeredAt !== 'number') return { roundTrip: null, why: 'the traced request has no times' };
  if (traces?.contextPropagated !== true) {
    return { roundTrip: null, why: `the workload did not trace our request in trace ${rt.traceId} (no span of it joined that trace), so its lines could not carry the id` };
  }
  return { roundTrip: { traceId: rt.traceId, sentAt: rt.sentAt, answeredAt: rt.answeredAt } };
}

/**
 * Judges nothing: reports whether any line carrying the trace id was captured between
 * `sentAt` and `answeredAt + slackMs` (the capture time trails the write by a little).
 * Lines read from files or commands carry their read time, not their write time; the
 * trace id is fresh, so a line carrying it cannot predate the request, and those count.
 */
export function correlate(
  traced: ReturnType<typeof readRoundTrip>,
  matches: CapturedLine[],
  slackMs: number,
  all: readonly CapturedLine[] = [],
): CorrelationFacts {
  if (traced.roundTrip === null) return { roundTrip: null, roundTripCorrelated: null, evidence: [traced.why] };
  const rt = traced.roundTrip;
  const from = rt.sentAt;
  const to = rt.answeredAt + slackMs;
  const window = `${new Date(from).toISOString()} – ${new Date(to).toISOString()}`;
  const captured = (l: CapturedLine): boolean => l.time >= from && l.time <= to;
  const inWindow = matches.filter((l) => (l.stream !== 'stdout' && l.stream !== 'stderr') || captured(l));
  if (inWindow.length > 0) return { roundTrip: { traceId: rt.traceId, window }, roundTripCorrelated: true, evidence: inWindow.slice(0, 3).map((l) => sampleOf(l, l.text)) };
  // Show what the request did log, if anything: the line that should have carried the id.
  const written = all.filter((l) => (l.stream === 'stdout' || l.stream === 'stderr') && captured(l) && l.text.length > 0);
  const evidence = [
    `no log line captured in ${window} carries trace id ${rt.traceId}${matches.length > 0 ? ` (${matches.length} outside the window)` : ''}; ${written.length} lines were written in it`,
    ...written.slice(0, 2).map((l) => sampleOf(l, l.text)),
  ];
  return { roundTrip: { traceId: rt.traceId, window }, roundTripCorrelated: false, evidence };
}
