/**
 * The active half of the traces probe: one request to the workload carrying a fresh W3C
 * `traceparent` (and a `tracestate` entry of ours), so the spans it exports can be told
 * apart: a child of our span id means the context was honoured; a server span of the same
 * request in a trace of its own means it was ignored.
 */
import { randomBytes } from 'node:crypto';
import type { HttpClient } from '../types';

import type { RoundTripFacts } from './facts-schema';

export type { RoundTripFacts } from './facts-schema';

export interface RoundTripOptions {
  baseUrl: string;
  path: string;
  method: string;
  timeoutMs: number;
  maxBodyBytes: number;
  signal: AbortSignal;
}

function nonZeroHex(bytes: number): string {
  for (;;) {
    const hex = randomBytes(bytes).toString('hex');
    if (!/^0+$/.test(hex)) return hex;
  }
}

export async function sendRoundTrip(http: HttpClient, o: RoundTripOptions): Promise<RoundTripFacts> {
  const traceId = nonZeroHex(16);
  const spanId = nonZeroHex(8);
  const url = new URL(o.path, `${o.baseUrl}/`).toString();
  const userAgent = `distroready/0.1 (trace-round-trip ${spanId})`;
  const sentAt = Date.now();
  const result = await http.request({
    url,
    method: o.method,
    headers: { traceparent: `00-${traceId}-${spanId}-01`, tracestate: `distroready=${spanId}`, 'user-agent': userAgent },
    timeoutMs: o.timeoutMs,
    maxBytes: o.maxBodyBytes,
    allowTruncate: true,
    maxRedirects: 0,
    signal: o.signal,
  });
  const answeredAt = Date.now();
  const base = { traceId, spanId, sentAt, answeredAt, method: o.method, url, userAgent };
  if (!result.ok) return { ...base, status: result.error.status ?? null, error: `${result.error.code}: ${result.error.message}` };
  return { ...base, status: result.response.status };
}

export function describeRoundTrip(rt: RoundTripFacts): string {
  const answer = rt.status !== null ? `→ ${rt.status}` : `→ no answer (${rt.error ?? 'unknown'})`;
  return `${rt.method} ${rt.url} with traceparent 00-${rt.traceId}-${rt.spanId}-01 ${answer} in ${rt.answeredAt - rt.sentAt} ms`;
}
