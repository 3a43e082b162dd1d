/**
 * The HTTP client for pods reached through the API server (`reach: api-proxy`): the
 * bounded client with the kubeconfig's CA and credentials sent only under the server's
 * pods/proxy prefix. An answer the API server wrote itself (it could not dial the pod,
 * the pod has no address, the account may not proxy) is turned back into the failure it
 * stands for, so a probe never judges the API server's 503 as the workload's.
 */
import { createHttpClient, type HttpClient, type HttpError, type HttpResult } from '../../net/http-client';
import type { ClusterAccess } from './kube-config';

interface ProxyStatus {
  kind?: string;
  apiVersion?: string;
  reason?: string;
  message?: string;
}

/** The Status the API server answers in the pod's place, or `null` when the pod answered. */
export function apiServerStatus(status: number, contentType: string | undefined, body: Buffer): ProxyStatus | null {
  if (![400, 401, 403, 404, 500, 502, 503].includes(status) || !/json/.test(contentType ?? '')) return null;
  let s: ProxyStatus;
  try {
    s = JSON.parse(body.toString('utf8')) as ProxyStatus;
  } catch {
    return null;
  }
  if (s.kind !== 'Status' || s.apiVersion !== 'v1' || typeof s.message !== 'string') return null;
  const own = /^error trying to reach service|^address not allowed|pods\/proxy|^Unauthorized$|^pods ".*" not found$|^no endpoints available/;
  return own.test(s.message) ? s : null;
}

function asFailure(s: ProxyStatus, url: string, status: number, elapsedMs: number): HttpResult {
  const message = s.message ?? '';
  const code: HttpError['code'] = /i\/o timeout|deadline exceeded|timeout/.test(message) ? 'timeout' : /^error trying to reach service/.test(message) ? 'refused' : 'blocked';
  const fix = status === 403 ? '; grant get on pods/proxy (deploy/rbac-api-proxy.yaml) or use reach: pod-ip' : '';
  return { ok: false, error: { code, message: `the API server could not reach the pod: ${message} (${status} ${s.reason ?? ''})${fix}`, url, redirects: [], status, elapsedMs } };
}

/** Wraps a client so the API server's own proxy errors come back as failures. */
export function unwrapProxyErrors(inner: HttpClient): HttpClient {
  return {
    resolvePermitted: (h) => inner.resolvePermitted(h),
    async request(req) {
      const r = await inner.request(req);
      if (!r.ok) return r;
      const s = apiServerStatus(r.response.status, r.response.headers['content-type'], r.response.body);
      return s ? asFailure(s, r.response.url, r.response.status, r.response.totalMs) : r;
    },
  };
}

export async function apiProxyHttp(access: ClusterAccess): Promise<HttpClient> {
  const tls = await access.requestOptions();
  const inner = createHttpClient({
    credentials: {
      prefix: `${access.server}/api/v1/namespaces/`,
      headers: tls.headers,
      tls: { ca: tls.ca, cert: tls.cert, key: tls.key, rejectUnauthorized: tls.rejectUnauthorized, servername: tls.servername },
    },
  });
  return unwrapProxyErrors(inner);
}
