/**
 * Who each bearer token is and what it may do: the stand-in's authenticator and RBAC
 * authorizer in one table the test sets. Rules read like a ClusterRole's (`namespaces`
 * unset) or a Role's bound in some namespaces; `*` works as in RBAC.
 */

export interface Rule {
  verbs: readonly string[];
  /** API groups; `''` is the core group. Default: any. */
  apiGroups?: readonly string[];
  /** `pods`, `pods/log`, `deployments`, or `*`. */
  resources: readonly string[];
  /** Unset: cluster-wide (a ClusterRoleBinding). Set: only in these namespaces (RoleBindings). */
  namespaces?: readonly string[];
}

export interface Identity {
  user: string;
  groups?: readonly string[];
  rules: readonly Rule[];
}

export interface Attributes {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  /** `''` or unset for a cluster-scoped request (or a list across all namespaces). */
  namespace?: string;
  name?: string;
}

/** Everything: what a cluster-admin token can do. */
export const ADMIN: Identity = { user: 'admin', groups: ['system:masters'], rules: [{ verbs: ['*'], resources: ['*'] }] };

function ruleAllows(rule: Rule, a: Attributes): boolean {
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const verbOk = rule.verbs.includes('*') || rule.verbs.includes(a.verb);
  const groupOk = !rule.apiGroups || rule.apiGroups.includes('*') || rule.apiGroups.includes(a.group);
  const resourceOk = rule.resources.includes('*') || rule.resources.includes(resource) || (a.subresource !== undefined && rule.resources.includes(`${a.resource}/*`));
  const nsOk = !rule.namespaces || (a.namespace !== undefined && a.namespace !== '' && rule.namespaces.includes(a.namespace));
  return verbOk && groupOk && resourceOk && nsOk;
}

export function allows(identity: Identity, a: Attributes): boolean {
  return identity.rules.some((r) => ruleAllows(r, a));
}

/** The API server's Forbidden message, word for word. */
export function forbiddenMessage(identity: Identity, a: Attributes, qualified: string): string {
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const subject = a.name ? `${qualified} "${a.name}"` : qualified;
  const scope = a.namespace ? `in the namespace "${a.namespace}"` : 'at the cluster scope';
  return `${subject} is forbidden: User "${identity.user}" cannot ${a.verb} resource "${resource}" in API group "${a.group}" ${scope}`;
}
