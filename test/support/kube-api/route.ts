/**
 * Parses a resource path the way the API server's request-info resolver does:
 * `/api/v1/pods`, `/api/v1/namespaces/{ns}/pods/{name}/log`, `/apis/apps/v1/deployments`,
 * `/api/v1/namespaces/{name}` (the namespace object itself).
 */
import { findResource, type ResourceDef, type Served } from './resources';

export interface ResourceRoute {
  def: ResourceDef;
  namespace?: string;
  name?: string;
  subresource?: string;
  /** What follows a `proxy` subresource, with its leading slash. */
  rest?: string;
}

export function parseResourcePath(path: string, served?: Served): ResourceRoute | null {
  const m = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))(\/.*)?$/.exec(path);
  if (!m) return null;
  const [group, version] = m[1] ? ['', 'v1'] : [m[2]!, m[3]!];
  const segments = (m[4] ?? '').split('/').slice(1).map(decodeURIComponent);
  if (segments.length === 0 || segments[0] === '') return null;
  let namespace: string | undefined;
  if (segments[0] === 'namespaces' && segments.length >= 3) {
    namespace = segments[1];
    segments.splice(0, 2);
  }
  const def = findResource(group, version, segments[0]!, served);
  if (!def) return null;
  const [, name, subresource, ...rest] = segments;
  return {
    def,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(name !== undefined && name !== '' ? { name } : {}),
    ...(subresource !== undefined ? { subresource } : {}),
    ...(subresource === 'proxy' ? { rest: `/${rest.join('/')}` } : {}),
  };
}
