/**
 * Prepares a cluster workload's target: its controller as an inline manifest for the
 * static audit; when no pod can be probed, a reach that says why (so live probes are not
 * run against nothing); for api-proxy, the credentialed client and a first request
 * through the proxy, since a TCP connect to the API server says nothing about the pod.
 */
import type { ProbeServices } from '../../../probes/types';
import type { HttpClient } from '../../net/http-client';
import type { Reach, Target } from '../target';
import { clusterServiceOf } from './cluster-service';
import type { KubeWorkloadInfo } from './kube-workload';

const FIRST_REQUEST_TIMEOUT_MS = 3000;

async function proxyReach(http: HttpClient, url: string, pod: string, signal?: AbortSignal): Promise<Reach> {
  const r = await http.request({ url: `${url}/`, timeoutMs: FIRST_REQUEST_TIMEOUT_MS, maxBytes: 4096, allowTruncate: true, maxRedirects: 0, signal });
  if (r.ok) return { status: 'reached', detail: `pod ${pod} answers through the API server's pods/proxy (GET / → ${r.response.status})`, evidence: [] };
  return { status: 'unreachable', detail: `pod ${pod} could not be reached through the API server: ${r.error.message}`, evidence: [`GET ${r.error.url} → ${r.error.code}: ${r.error.message}`] };
}

export async function prepareKubeTarget(target: Target, info: KubeWorkloadInfo, services: ProbeServices, signal?: AbortSignal): Promise<void> {
  target.inlineManifests = [info.manifest];
  if (info.unreachable || !target.url || !info.pod) {
    target.reach = { status: 'unreachable', detail: info.unreachable ?? 'no pod to probe', evidence: info.pods };
    return;
  }
  if (info.reach !== 'api-proxy') return;
  const cluster = clusterServiceOf(services);
  if (!cluster) {
    target.reach = { status: 'unreachable', detail: 'no connection to the cluster to proxy through', evidence: [] };
    return;
  }
  target.http = await cluster.proxyHttp();
  target.reach = await proxyReach(target.http, target.url, info.pod.name, signal);
}
