/**
 * Discovery documents (`/api`, `/api/v1`, `/apis`, `/apis/{group}`, `/apis/{group}/{version}`),
 * derived from the resource table, so kubectl's REST mapper resolves `get deploy` and
 * `auth can-i list pods` the way it does against a real server. Served as legacy
 * (unaggregated) discovery: kubectl 1.32 asks for the aggregated form first and falls
 * back when the answer's content type is plain `application/json`.
 */
import { groupVersion, RESOURCES, type ResourceDef, type Served } from './resources';

function resourceEntries(defs: readonly ResourceDef[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const r of defs) {
    out.push({
      name: r.name,
      singularName: r.singularName,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: r.verbs,
      ...(r.shortNames ? { shortNames: r.shortNames } : {}),
      ...(r.categories ? { categories: r.categories } : {}),
    });
    for (const sub of r.subresources ?? []) {
      out.push({ name: `${r.name}/${sub.name}`, singularName: '', namespaced: r.namespaced, kind: sub.kind, verbs: sub.verbs });
    }
  }
  return out;
}

function groups(served: Served): Map<string, string[]> {
  const byGroup = new Map<string, string[]>();
  for (const r of RESOURCES) {
    if (!r.group || !served(r)) continue;
    const versions = byGroup.get(r.group) ?? [];
    if (!versions.includes(r.version)) versions.push(r.version);
    byGroup.set(r.group, versions);
  }
  return byGroup;
}

function groupEntry(name: string, versions: string[]): Record<string, unknown> {
  const list = versions.map((version) => ({ groupVersion: `${name}/${version}`, version }));
  return { name, versions: list, preferredVersion: list[0] };
}

/**
 * The discovery document at `path`, or `null` when the path is not a discovery path (or
 * names a group no installed CRD serves: a real server answers 404 there).
 */
export function discoveryDocument(path: string, serverAddress: string, served: Served = () => true): unknown {
  if (path === '/api') {
    return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
  }
  if (path === '/apis') {
    return { kind: 'APIGroupList', apiVersion: 'v1', groups: [...groups(served)].map(([name, versions]) => groupEntry(name, versions)) };
  }
  const core = /^\/api\/(v1)$/.exec(path);
  const named = /^\/apis\/([^/]+)\/([^/]+)$/.exec(path);
  const group = /^\/apis\/([^/]+)$/.exec(path);
  if (core || named) {
    const [g, v] = core ? ['', core[1]!] : [named![1]!, named![2]!];
    const defs = RESOURCES.filter((r) => r.group === g && r.version === v && served(r));
    if (defs.length === 0) return null;
    return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: groupVersion({ group: g, version: v }), resources: resourceEntries(defs) };
  }
  if (group) {
    const versions = groups(served).get(group[1]!);
    return versions ? { kind: 'APIGroup', apiVersion: 'v1', ...groupEntry(group[1]!, versions) } : null;
  }
  return null;
}

export const VERSION_INFO = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0-distroready-stand-in',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2025-01-01T00:00:00Z',
  goVersion: 'go1.23.4',
  compiler: 'gc',
  platform: 'linux/amd64',
};
