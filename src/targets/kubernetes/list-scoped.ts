/**
 * Lists one kind in the chosen scope: the configured namespaces, or the whole cluster.
 * When a cluster-wide list is forbidden, it falls back to the namespaces the account
 * can see one by one (a namespaced Role setup); a namespace it may not read is recorded
 * as denied, so what that leaves unknown can be reported, instead of failing.
 */
import { mapLimit } from '../../engine/pool';
import type { KubeClient, KubeError, KubeResult } from './kube-client';
import { listAll, type ListBounds } from './list-all';
import type { KubeObject } from './objects';
import { API_RESOURCES, qualified, type ApiResource } from './resources';

/** A read the account was refused. */
export interface DeniedRead {
  /** `list pods.` and so on, with the scope: `in namespace shop` / `at the cluster scope`. */
  what: string;
  resource: string;
  namespace: string | null;
  message: string;
}

export interface ScopedList {
  items: KubeObject[];
  denied: DeniedRead[];
  /** Of the cluster-wide list; `''` when listed per namespace. */
  resourceVersion: string;
  /** Scopes (the cluster, or namespaces) that could be read. */
  read: number;
  /** The namespaces listed one by one; `null` for a cluster-wide list. */
  listedIn: readonly string[] | null;
}

export interface Scope {
  client: KubeClient;
  /** Configured namespaces; `null` for every namespace. */
  namespaces: readonly string[] | null;
  bounds: ListBounds;
  /** The namespaces listed once per discovery, for the per-namespace fallback. */
  visibleNamespaces(): Promise<KubeResult<string[]>>;
}

const NS_CONCURRENCY = 8;

function denied(r: ApiResource, namespace: string | null, e: KubeError): DeniedRead {
  const scope = namespace ? `in namespace ${namespace}` : 'at the cluster scope';
  return { what: `list ${qualified(r)} ${scope}`, resource: qualified(r), namespace, message: e.message };
}

/** Lists `r` (with `labelSelector` for controllers); a fatal error is any failure but 403. */
export async function listScoped(scope: Scope, r: ApiResource, labelSelector?: string): Promise<KubeResult<ScopedList>> {
  if (scope.namespaces === null) {
    const all = await listAll(scope.client, r, { ...scope.bounds, labelSelector });
    if (all.ok) return { ok: true, value: { items: all.value.items, denied: [], resourceVersion: all.value.resourceVersion, read: 1, listedIn: null } };
    if (all.error.kind !== 'forbidden') return all;
    const namespaces = await scope.visibleNamespaces();
    if (!namespaces.ok) {
      if (namespaces.error.kind !== 'forbidden') return namespaces;
      return { ok: true, value: { items: [], denied: [denied(r, null, all.error), denied(API_RESOURCES.Namespace, null, namespaces.error)], resourceVersion: '', read: 0, listedIn: null } };
    }
    return perNamespace(scope, r, namespaces.value, labelSelector);
  }
  return perNamespace(scope, r, scope.namespaces, labelSelector);
}

async function perNamespace(scope: Scope, r: ApiResource, namespaces: readonly string[], labelSelector?: string): Promise<KubeResult<ScopedList>> {
  const results = await mapLimit(namespaces, NS_CONCURRENCY, (namespace) => listAll(scope.client, r, { ...scope.bounds, namespace, labelSelector }));
  const out: ScopedList = { items: [], denied: [], resourceVersion: '', read: 0, listedIn: namespaces };
  for (const [i, res] of results.entries()) {
    if (res.ok) {
      if (out.items.length + res.value.items.length > scope.bounds.maxItems) {
        return { ok: false, error: { kind: 'too-large', request: `GET ${r.plural} in ${namespaces.length} namespaces`, status: null, reason: null, message: `more than ${scope.bounds.maxItems} ${r.plural}; narrow kubernetes.namespaces or kubernetes.labelSelector` } };
      }
      out.items.push(...res.value.items);
      out.read++;
    } else if (res.error.kind === 'forbidden' || res.error.kind === 'not-found') {
      out.denied.push(denied(r, namespaces[i]!, res.error));
    } else return res;
  }
  return { ok: true, value: out };
}
