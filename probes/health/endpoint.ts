/**
 * One health endpoint as a kubelet would see it: asked once, judged by status and time.
 * The time is the workload's: our own wait for a free connection is taken out, and a
 * connect is in it only when the request opened one (`connectMs`).
 */
import type { HttpClient } from '../types';
import { bodyStatus } from './body-status';
import type { EndpointFacts } from './facts-schema';

export type { EndpointFacts } from './facts-schema';

export interface AskOptions {
  timeoutMs: number;
  maxBodyBytes: number;
  signal: AbortSignal;
}

/** Kubelets follow up to 10 redirects on httpGet probes. */
const KUBELET_MAX_REDIRECTS = 10;

export async function askEndpoint(http: HttpClient, baseUrl: string, path: string, opts: AskOptions): Promise<EndpointFacts> {
  const url = /^https?:\/\//.test(path) ? path : `${baseUrl}${path.startsWith('/') ? '' : '/'}${path}`;
  const result = await http.request({
    url,
    timeoutMs: opts.timeoutMs,
    maxBytes: opts.maxBodyBytes,
    allowTruncate: true,
    maxRedirects: KUBELET_MAX_REDIRECTS,
    signal: opts.signal,
    headers: { accept: 'application/json, text/plain;q=0.9, */*;q=0.5', 'user-agent': 'kube-probe/1.31 (distroready)' },
  });
  if (!result.ok) {
    const e = result.error;
    return {
      path, url, status: e.status ?? null, latencyMs: e.elapsedMs, connectMs: null, error: `${e.code}: ${e.message}`,
      serverMs: null, clientBusyMs: null, kubeletSuccess: false, bodyStatus: null, bodySample: '', redirects: e.redirects.length,
    };
  }
  const r = result.response;
  return {
    path,
    url,
    status: r.status,
    latencyMs: Math.max(0, Math.round(r.totalMs - r.queuedMs)),
    connectMs: r.connectMs,
    serverMs: Math.round((r.timing.ttfbMs + r.timing.transferMs) * 10) / 10,
    clientBusyMs: r.timing.busyMs,
    error: null,
    kubeletSuccess: r.status >= 200 && r.status < 400,
    bodyStatus: bodyStatus(r.body, r.headers['content-type']),
    bodySample: r.body.subarray(0, 200).toString('utf8'),
    redirects: r.redirects.length,
  };
}

/** `GET url → 200 in 3 ms`, the line evidence is made of. */
export function describe(e: EndpointFacts): string {
  const outcome = e.status === null ? (e.error ?? 'no answer') : `${e.status}${e.error ? ` (${e.error})` : ''}`;
  const body = e.bodyStatus ? `, body says ${e.bodyStatus}` : '';
  const hops = e.redirects > 0 ? `, after ${e.redirects} redirect(s)` : '';
  const server = e.serverMs !== null ? ` (server ${e.serverMs} ms, distroready busy ${e.clientBusyMs} ms meanwhile${e.connectMs === null ? ', over an open connection' : ''})` : '';
  return `GET ${e.url} → ${outcome} in ${e.latencyMs} ms${server}${hops}${body}`;
}
