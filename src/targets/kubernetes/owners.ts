/**
 * Maps each pod to the controller at the top of its ownerReferences chain, by uid:
 * Pod → ReplicaSet → Deployment, Pod → Job → CronJob, Pod → StatefulSet or DaemonSet.
 * Only controller references count (`controller: true`), as the controllers themselves
 * adopt pods that way.
 */
import type { KubeObject, OwnerReference } from './objects';

export function controllerOf(o: KubeObject): OwnerReference | null {
  const refs = o.metadata.ownerReferences ?? [];
  return refs.find((r) => r.controller === true) ?? null;
}

/**
 * Groups pods by the uid of their top controller. `intermediates` are the ReplicaSets
 * and Jobs listed alongside, so one more hop can be followed.
 */
export function podsByTopController(pods: readonly KubeObject[], intermediates: readonly KubeObject[]): Map<string, KubeObject[]> {
  const byUid = new Map<string, KubeObject>();
  for (const o of intermediates) byUid.set(o.metadata.uid, o);
  const grouped = new Map<string, KubeObject[]>();
  for (const pod of pods) {
    let ref = controllerOf(pod);
    if (!ref) continue;
    const middle = byUid.get(ref.uid);
    const up = middle ? controllerOf(middle) : null;
    // A ReplicaSet or Job without an owner of its own is the top controller.
    if (up) ref = up;
    const list = grouped.get(ref.uid);
    if (list) list.push(pod);
    else grouped.set(ref.uid, [pod]);
  }
  return grouped;
}
