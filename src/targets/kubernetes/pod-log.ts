/**
 * Reads a container's log through `GET …/pods/{name}/log`, never exec. A direct request
 * rather than client-node's Log helper, which drops `tailLines: 0` and `sinceSeconds: 0`
 * (it tests them for truthiness) and reads a 500's body as a Status. Bounded by
 * `limitBytes` on the server and the same cap on our side.
 */
import type { KubeClient, KubeResult } from './kube-client';

export interface PodLogRequest {
  namespace: string;
  pod: string;
  container: string;
  tailLines?: number;
  sinceSeconds?: number;
  /** The last terminated instance: why a restarted container died. */
  previous?: boolean;
  limitBytes: number;
  timestamps?: boolean;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export function podLogPath(r: PodLogRequest): string {
  const q = new URLSearchParams({ container: r.container });
  // `!== undefined`, not truthiness: 0 is a request too (client-node's Log helper loses it).
  if (r.tailLines !== undefined) q.set('tailLines', String(r.tailLines));
  if (r.sinceSeconds !== undefined) q.set('sinceSeconds', String(r.sinceSeconds));
  if (r.previous) q.set('previous', 'true');
  if (r.timestamps) q.set('timestamps', 'true');
  q.set('limitBytes', String(r.limitBytes));
  return `/api/v1/namespaces/${encodeURIComponent(r.namespace)}/pods/${encodeURIComponent(r.pod)}/log?${q.toString()}`;
}

export function readPodLog(client: KubeClient, r: PodLogRequest): Promise<KubeResult<{ text: Buffer; truncated: boolean }>> {
  return client.getText(podLogPath(r), { timeoutMs: r.timeoutMs ?? 10_000, maxBytes: r.limitBytes, allowTruncate: true, signal: r.signal });
}
