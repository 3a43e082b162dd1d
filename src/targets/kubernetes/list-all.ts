/**
 * Lists a collection page by page (`limit`/`continue`), so memory follows the page, not
 * the cluster: each page is capped in bytes, the whole list in items, and a continue
 * token that expired mid-list (410) restarts the list once, as client-go's pager does.
 */
import type { KubeClient, KubeError, KubeResult } from './kube-client';
import type { KubeList, KubeObject } from './objects';
import { collectionPath, type ApiResource } from './resources';

export interface ListBounds {
  pageSize: number;
  /** A page larger than this is refused: the server ignored `limit`, or objects are huge. */
  maxPageBytes: number;
  /** More items than this is refused, with a hint to narrow the selection. */
  maxItems: number;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface Listed<T> {
  items: T[];
  resourceVersion: string;
  pages: number;
}

export async function listAll<T extends KubeObject = KubeObject>(
  client: KubeClient,
  r: ApiResource,
  o: ListBounds & { namespace?: string; labelSelector?: string },
): Promise<KubeResult<Listed<T>>> {
  for (let attempt = 0; ; attempt++) {
    const r1 = await listPages<T>(client, r, o);
    if (r1.ok || r1.error.kind !== 'gone' || attempt > 0) return r1;
  }
}

async function listPages<T extends KubeObject>(client: KubeClient, r: ApiResource, o: ListBounds & { namespace?: string; labelSelector?: string }): Promise<KubeResult<Listed<T>>> {
  const items: T[] = [];
  let next: string | undefined;
  let resourceVersion = '';
  let pages = 0;
  do {
    const q = new URLSearchParams({ limit: String(o.pageSize) });
    if (o.labelSelector) q.set('labelSelector', o.labelSelector);
    if (next) q.set('continue', next);
    const path = `${collectionPath(r, o.namespace)}?${q.toString()}`;
    const page = await client.getJson<KubeList<T>>(path, { timeoutMs: o.timeoutMs, maxBytes: o.maxPageBytes, signal: o.signal });
    if (!page.ok) return page;
    pages++;
    const got = Array.isArray(page.value.items) ? page.value.items : [];
    if (items.length + got.length > o.maxItems) return tooMany(path, r, o.maxItems);
    for (const item of got) if (item && typeof item === 'object' && item.metadata) items.push(item);
    resourceVersion = page.value.metadata?.resourceVersion ?? resourceVersion;
    next = page.value.metadata?.continue || undefined;
  } while (next);
  return { ok: true, value: { items, resourceVersion, pages } };
}

function tooMany(path: string, r: ApiResource, max: number): { ok: false; error: KubeError } {
  return {
    ok: false,
    error: { kind: 'too-large', request: `GET ${path}`, status: null, reason: null, message: `more than ${max} ${r.plural}; narrow kubernetes.namespaces or kubernetes.labelSelector, or raise kubernetes.limits.maxObjects` },
  };
}
