/**
 * What a cluster workload's result adds: where it lives (for grouping a fleet), and what
 * its pod template leaves unknown — a container that sets no `command` runs its image's
 * ENTRYPOINT/CMD, which only the image's Dockerfile tells, so without one mapped the
 * shell checks of that Dockerfile are unknown and the report says which input settles it.
 */
import type { CompactResult, MissingInput } from '../../model';
import type { WorkloadConfig } from '../target';
import { DOCKERFILE_ANNOTATION, kubeInfoOf } from './kube-workload';

/** What the pod template leaves unknown, for the judge: it makes a verdict that found no blocker `incomplete`. */
export function clusterMissingInputs(workload: WorkloadConfig): MissingInput[] {
  const k = kubeInfoOf(workload);
  if (!k) return [];
  const unmapped = k.entrypoints.filter((e) => !e.commandSet && !e.dockerfile);
  return unmapped.map((e) => ({
    probe: 'shell',
    reason: `container ${e.container}${e.image ? ` (image ${e.image})` : ''} sets no command: it runs its image's ENTRYPOINT/CMD, and what they need is unknown without the image's Dockerfile`,
    input: `map the image to its Dockerfile: annotation ${DOCKERFILE_ANNOTATION} on the ${k.kind}, or kubernetes.dockerfiles in the config`,
  }));
}

export function withClusterContext(result: CompactResult, workload: WorkloadConfig): CompactResult {
  const k = kubeInfoOf(workload);
  if (!k) return result;
  return {
    ...result,
    // The namespace also at the top, where the workload summary and its filter read it.
    namespace: k.namespace,
    cluster: { namespace: k.namespace, kind: k.kind, name: k.objectName, team: k.team, pod: k.pod?.name ?? null },
  };
}
