/**
 * At start, asks the API server (SelfSubjectAccessReview, which every account may create)
 * which of the permissions distroready uses it holds, in each namespace it looks at or at
 * the cluster scope. A missing one is not a failure: it is reported with what it leaves
 * unknown, and the probes it affects are skipped with that reason.
 */
import { mapLimit } from '../../engine/pool';
import type { KubeClient } from './kube-client';
import { permissionText, type Permission } from './permissions';

export interface Grant {
  permission: Permission;
  /** `null` at the cluster scope. */
  namespace: string | null;
  /** `null` when the review itself failed (then nothing is assumed either way). */
  allowed: boolean | null;
  /** Why the review failed, when it did. */
  error: string | null;
}

export interface AccessReport {
  grants: Grant[];
  /** Lines for the report and the log: `get pods/log in namespace shop: logs cannot be read… (missing)`. */
  missing: string[];
  /** Whether `p` is held in `namespace` (or cluster-wide); `null` when unknown. */
  allows(p: Pick<Permission, 'verb' | 'resource' | 'subresource'>, namespace: string): boolean | null;
}

interface ReviewAnswer {
  status?: { allowed?: boolean };
}

const CONCURRENCY = 8;

export async function reviewAccess(client: KubeClient, permissions: readonly Permission[], namespaces: readonly string[] | null, signal?: AbortSignal): Promise<AccessReport> {
  const scopes: (string | null)[] = namespaces ? [...namespaces] : [null];
  const asks = scopes.flatMap((namespace) => permissions.map((permission) => ({ permission, namespace })));
  const grants = await mapLimit(asks, CONCURRENCY, async ({ permission, namespace }): Promise<Grant> => {
    const body = {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: { resourceAttributes: { verb: permission.verb, group: permission.group, resource: permission.resource, subresource: permission.subresource ?? '', namespace: namespace ?? '' } },
    };
    const r = await client.postJson<ReviewAnswer>('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', body, { timeoutMs: 10_000, maxBytes: 64 * 1024, signal });
    if (!r.ok) return { permission, namespace, allowed: null, error: `${r.error.request}: ${r.error.message}` };
    return { permission, namespace, allowed: r.value.status?.allowed === true, error: null };
  });
  const missing = grants
    .filter((g) => g.allowed === false)
    .map((g) => `${permissionText(g.permission)} ${g.namespace ? `in namespace ${g.namespace}` : 'at the cluster scope'}: ${g.permission.withoutIt}`);
  return {
    grants,
    missing,
    allows(p, namespace) {
      const same = (g: Grant): boolean => g.permission.verb === p.verb && g.permission.resource === p.resource && (g.permission.subresource ?? '') === (p.subresource ?? '');
      const g = grants.find((x) => same(x) && (x.namespace === namespace || x.namespace === null));
      return g ? g.allowed : null;
    },
  };
}
