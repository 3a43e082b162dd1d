/**
 * GET of a collection: label and field selectors, `limit`/`continue` paging over a
 * consistent snapshot (the continue token carries the revision, and answers 410 Expired
 * once it is compacted), `resourceVersion` with `resourceVersionMatch`, Table answers.
 * Items carry no `kind`/`apiVersion`, as a real list's items do not.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GoneError, ObjectStore, type KubeObject } from './object-store';
import { groupVersion, type ResourceDef } from './resources';
import { matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector, SelectorError } from './selector';
import { sendJson, sendStatus, status } from './status';
import { toTable, wantsTable } from './table';

/** Fields a real server supports for every kind, and the extra ones for pods. */
const FIELDS: Record<string, readonly string[]> = {
  Pod: ['metadata.name', 'metadata.namespace', 'spec.nodeName', 'status.phase', 'spec.restartPolicy'],
};
const COMMON_FIELDS = ['metadata.name', 'metadata.namespace'];

interface ContinueToken {
  rv: number;
  /** The key after which the next page starts. */
  start: string;
}

const encodeContinue = (t: ContinueToken): string => Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', ...t })).toString('base64url');

function decodeContinue(text: string): ContinueToken | null {
  try {
    const t = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<ContinueToken> & { v?: string };
    return t.v === 'meta.k8s.io/v1' && typeof t.rv === 'number' && typeof t.start === 'string' ? { rv: t.rv, start: t.start } : null;
  } catch {
    return null;
  }
}

export type Matcher = (o: KubeObject) => boolean;

/** The selectors of a list or watch request; throws `SelectorError` (a 400) on bad syntax. */
export function matcherFor(def: ResourceDef, url: URL, namespace: string | undefined): Matcher {
  const labels = parseLabelSelector(url.searchParams.get('labelSelector'));
  const fields = parseFieldSelector(url.searchParams.get('fieldSelector'), FIELDS[def.kind] ?? COMMON_FIELDS);
  return (o) => (namespace === undefined || o.metadata.namespace === namespace) && matchesLabels(labels, o.metadata.labels) && matchesFields(fields, o as Record<string, unknown>);
}

const key = (o: KubeObject): string => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

export function handleList(req: IncomingMessage, res: ServerResponse, url: URL, store: ObjectStore, def: ResourceDef, namespace: string | undefined): void {
  let match: Matcher;
  try {
    match = matcherFor(def, url, namespace);
  } catch (err) {
    if (err instanceof SelectorError) return sendStatus(res, status(400, 'BadRequest', err.message));
    throw err;
  }
  const limitText = url.searchParams.get('limit');
  const limit = limitText === null ? 0 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 0) return sendStatus(res, status(400, 'BadRequest', `limit: Invalid value: "${limitText}": must be a non-negative integer`));
  const cont = url.searchParams.get('continue');
  const token = cont ? decodeContinue(cont) : null;
  if (cont && !token) return sendStatus(res, status(400, 'BadRequest', 'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)'));
  const rvParam = url.searchParams.get('resourceVersion');
  const exact = url.searchParams.get('resourceVersionMatch') === 'Exact' && rvParam !== null;
  const at = token?.rv ?? (exact ? Number(rvParam) : store.resourceVersion);
  let all: KubeObject[];
  try {
    all = store.snapshot(def, at);
  } catch (err) {
    if (!(err instanceof GoneError)) throw err;
    return token
      ? sendStatus(res, status(410, 'Expired', 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results.'))
      : sendStatus(res, status(410, 'Gone', `resourceVersion ${rvParam} is too old`));
  }
  const items: KubeObject[] = [];
  let more = false;
  let remaining = 0;
  for (const o of all) {
    if (token && key(o) <= token.start) continue;
    if (!match(o)) continue;
    if (limit > 0 && items.length >= limit) {
      more = true;
      remaining++;
      continue;
    }
    items.push(o);
  }
  const selected = url.searchParams.has('labelSelector') || url.searchParams.has('fieldSelector');
  const metadata: Record<string, unknown> = { resourceVersion: String(at) };
  if (more) {
    metadata.continue = encodeContinue({ rv: at, start: key(items[items.length - 1]!) });
    // The real server only knows the remainder when no selector filters it.
    if (!selected) metadata.remainingItemCount = remaining;
  }
  if (wantsTable(req.headers.accept)) return sendJson(res, 200, toTable(def, items, metadata));
  sendJson(res, 200, { kind: `${def.kind}List`, apiVersion: groupVersion(def), metadata, items });
}

export function handleGet(res: ServerResponse, store: ObjectStore, def: ResourceDef, namespace: string | undefined, name: string, accept: string | undefined): void {
  const obj = store.get(def, namespace, name);
  if (!obj) return sendStatus(res, status(404, 'NotFound', `${def.group ? `${def.name}.${def.group}` : def.name} "${name}" not found`, { name, ...(def.group ? { group: def.group } : {}), kind: def.name }));
  if (wantsTable(accept)) return sendJson(res, 200, toTable(def, [obj], { resourceVersion: obj.metadata.resourceVersion }));
  sendJson(res, 200, ObjectStore.typed(def, obj));
}
