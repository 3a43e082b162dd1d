/**
 * Loads `@kubernetes/client-node` on first use. Its 1.x releases are ES modules only;
 * Node 20.19+ loads them with `require`, but a host that runs our CommonJS through its
 * own module system (jest) cannot, so the load goes through Node's own `require`.
 * Only the Kubernetes target pays for it, and only when a `kubernetes:` section is set.
 */
import type * as ClientNode from '@kubernetes/client-node';

type Require = (id: string) => unknown;

let loaded: typeof ClientNode | null = null;

function nodeRequire(): Require {
  const getBuiltin = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  const mod = getBuiltin ? (getBuiltin('node:module') as typeof import('node:module')) : null;
  return mod ? mod.createRequire(__filename) : require;
}

export function clientNode(): typeof ClientNode {
  loaded ??= nodeRequire()('@kubernetes/client-node') as typeof ClientNode;
  return loaded;
}
