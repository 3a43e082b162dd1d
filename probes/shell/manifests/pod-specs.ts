/**
 * Finds pod specs at any depth: a Pod's `spec`, a Deployment's `spec.template.spec`, a
 * CronJob's `spec.jobTemplate.spec.template.spec`, a `List`'s items, or a custom
 * resource that embeds a pod template. A pod spec is an object with a `containers` list.
 */
import type { PathSeg } from './load';

export interface PodSpecAt {
  path: PathSeg[];
  spec: Record<string, unknown>;
  /** The nearest enclosing resource: `Deployment/web`. */
  owner: Owner;
  /** The pod template's (or Pod's) metadata annotations, where suppressions may be written. */
  templateAnnotations: unknown;
}

export interface Owner {
  kind: string;
  name: string;
  namespace: string | null;
  apiVersion: string | null;
  path: PathSeg[];
  annotations: unknown;
}

const MAX_DEPTH = 40;
const MAX_NODES = 200_000;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function isPodSpec(v: Record<string, unknown>): boolean {
  const c = v.containers;
  return Array.isArray(c) && c.length > 0 && c.every((x) => isObject(x) && (typeof x.name === 'string' || typeof x.image === 'string'));
}

function ownerOf(v: Record<string, unknown>, path: PathSeg[]): Owner | null {
  if (typeof v.kind !== 'string') return null;
  const meta = isObject(v.metadata) ? v.metadata : {};
  const name = typeof meta.name === 'string' ? meta.name : '(unnamed)';
  const namespace = typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : null;
  return { kind: v.kind, name, namespace, apiVersion: typeof v.apiVersion === 'string' ? v.apiVersion : null, path, annotations: meta.annotations };
}

/** Walks breadth-first with an explicit queue, bounded in depth and nodes. */
export function findPodSpecs(root: unknown): PodSpecAt[] {
  const found: PodSpecAt[] = [];
  const fallback: Owner = { kind: 'Unknown', name: '(unnamed)', namespace: null, apiVersion: null, path: [], annotations: undefined };
  const queue: { value: unknown; path: PathSeg[]; owner: Owner; parent: Record<string, unknown> | null }[] = [{ value: root, path: [], owner: fallback, parent: null }];
  // A read index instead of shift(): shift is linear, and a hostile list may be 100 000 long.
  for (let next = 0; next < queue.length && next < MAX_NODES; next++) {
    const { value, path, owner: parentOwner, parent } = queue[next]!;
    if (path.length > MAX_DEPTH) continue;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length && queue.length < MAX_NODES; i++) {
        const v: unknown = value[i];
        if (v !== null && typeof v === 'object') queue.push({ value: v, path: [...path, i], owner: parentOwner, parent: null });
      }
      continue;
    }
    if (!isObject(value)) continue;
    const owner = ownerOf(value, path) ?? parentOwner;
    if (isPodSpec(value)) {
      // The pod spec's parent is the pod template (or the Pod): its metadata is the pod's.
      const meta = parent && isObject(parent.metadata) ? parent.metadata : {};
      found.push({ path, spec: value, owner, templateAnnotations: meta.annotations });
      continue;
    }
    for (const [k, v] of Object.entries(value)) {
      if (v !== null && typeof v === 'object' && queue.length < MAX_NODES) queue.push({ value: v, path: [...path, k], owner, parent: value });
    }
  }
  return found;
}
