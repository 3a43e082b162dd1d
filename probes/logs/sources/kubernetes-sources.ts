/**
 * The pods/log sources of a cluster workload: the probed container's log, and its
 * previous instance's when it restarted. Or why there are none: no pod to read, no
 * connection to the cluster, or an account that may not `get pods/log` there.
 */
import type { ProbeServices, Target } from '../../types';
import type { LogSource } from './source';
import { podLogSource } from './pod-log-source';

export function kubernetesLogSources(target: Target, services: ProbeServices): { sources: LogSource[]; why: string | null } {
  const info = target.cluster;
  if (!info) return { sources: [], why: null };
  const cluster = services.kubernetes;
  if (!cluster) return { sources: [], why: 'no connection to the cluster to read pods/log through' };
  if (!info.pod || !info.container) return { sources: [], why: `no pod to read logs from (${info.unreachable ?? 'none chosen'})` };
  if (cluster.access?.allows({ verb: 'get', resource: 'pods', subresource: 'log' }, info.namespace) === false) {
    return { sources: [], why: `the account may not get pods/log in namespace ${info.namespace}, so the logs are unknown; grant it (deploy/rbac.yaml)` };
  }
  const base = { namespace: info.namespace, pod: info.pod.name, container: info.container, tailLines: info.logs.tailLines, sinceSeconds: info.logs.sinceSeconds, limitBytes: info.logs.limitBytes };
  const read = cluster.readPodLog.bind(cluster);
  const sources = [podLogSource(read, { ...base, previous: false })];
  if (info.logs.containers.find((c) => c.name === info.container)?.previous) sources.push(podLogSource(read, { ...base, previous: true }));
  return { sources, why: null };
}
