/**
 * Debugging without a shell: for each main container of the workload's manifests, the
 * ready-made `kubectl debug` command (an ephemeral busybox sharing the container's
 * process namespace) with a custom profile whose securityContext matches the pod's
 * runAsUser — 65532 for distroless `nonroot` — and what would stop it.
 */
import { containersOf } from '../../shell/manifests/containers';
import { loadManifests } from '../../shell/manifests/load';
import { findPodSpecs, type PodSpecAt } from '../../shell/manifests/pod-specs';

export const DEBUG_IMAGE = 'busybox:1.36';
/** distroless `:nonroot` and Chainguard images run as this uid. */
export const NONROOT_UID = 65532;

export interface DebugCommand {
  workload: string;
  namespace: string;
  container: string;
  /** The uid the debug container runs as, and where it came from. */
  runAsUser: number;
  uidSource: 'container' | 'pod' | 'distroless nonroot';
  /** How to find a pod of the workload. */
  findPod: string;
  command: string;
  /** The file `--custom` points at: a partial container spec. */
  customProfile: string;
  stoppers: string[];
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const uidOf = (sc: Obj): number | null => (typeof sc.runAsUser === 'number' && Number.isInteger(sc.runAsUser) ? sc.runAsUser : null);

function ownerObject(root: unknown, pod: PodSpecAt): Obj {
  let node: unknown = root;
  for (const seg of pod.owner.path) node = (node as Record<string | number, unknown> | null)?.[seg];
  return obj(node);
}

function selectorOf(owner: Obj): string | null {
  const labels = obj(obj(obj(owner.spec).selector).matchLabels);
  const pairs = Object.entries(labels).filter(([, v]) => typeof v === 'string').map(([k, v]) => `${k}=${String(v)}`);
  return pairs.length > 0 ? pairs.join(',') : null;
}

function stoppersFor(podSc: Obj, sc: Obj, uid: number, explicit: boolean): string[] {
  const out = [
    'RBAC: the user needs patch on pods/ephemeralcontainers (kubectl debug adds the container through that subresource)',
    'ephemeral containers need Kubernetes ≥ 1.25 (beta, on by default, since 1.23); they cannot be removed once added: the pod keeps them until it is replaced',
  ];
  const nonRoot = sc.runAsNonRoot === true || (sc.runAsNonRoot === undefined && podSc.runAsNonRoot === true);
  if (nonRoot && !explicit) out.push(`runAsNonRoot is set without a runAsUser: busybox runs as root and the kubelet refuses it unless the debug container sets one — the profile sets ${uid}`);
  out.push(`reading the target's files through /proc/1/root needs the target's uid (${uid}) and no CAP_SYS_PTRACE is granted by default`);
  return out;
}

export function debugCommands(manifestText: string, fallbackUid = NONROOT_UID): DebugCommand[] {
  const loaded = loadManifests(manifestText);
  const out: DebugCommand[] = [];
  for (const doc of loaded.docs) {
    for (const pod of findPodSpecs(doc.value)) {
      const owner = ownerObject(doc.value, pod);
      const namespace = typeof obj(owner.metadata).namespace === 'string' ? String(obj(owner.metadata).namespace) : 'default';
      const podSc = obj(pod.spec.securityContext);
      for (const c of containersOf(pod).filter((x) => x.role === 'main')) {
        const sc = obj(c.spec.securityContext);
        const fromContainer = uidOf(sc);
        const fromPod = uidOf(podSc);
        const runAsUser = fromContainer ?? fromPod ?? fallbackUid;
        const uidSource = fromContainer !== null ? 'container' : fromPod !== null ? 'pod' : 'distroless nonroot';
        const custom = JSON.stringify({ securityContext: { runAsUser, runAsGroup: runAsUser, runAsNonRoot: runAsUser !== 0 } });
        const selector = selectorOf(owner);
        const file = `debug-${c.name}.json`;
        out.push({
          workload: `${pod.owner.kind}/${pod.owner.name}`,
          namespace,
          container: c.name,
          runAsUser,
          uidSource,
          findPod: selector ? `kubectl get pods -n ${namespace} -l ${selector}` : `kubectl get pods -n ${namespace}`,
          command: `kubectl debug -it POD -n ${namespace} --image=${DEBUG_IMAGE} --target=${c.name} --profile=restricted --custom=${file}`,
          customProfile: custom,
          stoppers: stoppersFor(podSc, sc, runAsUser, fromContainer !== null || fromPod !== null),
        });
        if (out.length >= 20) return out;
      }
    }
  }
  return out;
}
