/**
 * A stand-in Kubernetes API server for tests: HTTPS with a generated CA, bearer tokens
 * mapped to RBAC rules, discovery, lists and watches over an in-memory store, pods/log,
 * pods/proxy to real loopback servers, SelfSubjectAccessReview, and knobs for hostile
 * behaviour. Held honest by real kubectl (test/support/kube-api/kubectl.test.ts).
 */
import * as https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { writeFileSync } from 'node:fs';
import { handleAccessReview } from './access-review';
import { makeServingCerts, type ServingCerts } from './certs';
import { discoveryDocument, VERSION_INFO } from './discovery';
import { defaultKnobs, sendHugeList, type Knobs } from './knobs';
import { handleGet, handleList, matcherFor } from './list';
import { ObjectStore } from './object-store';
import { PodLogs } from './pod-logs';
import { handleProxy, splitSchemeNamePort, type ProxyCounters } from './pod-proxy';
import { allows, forbiddenMessage, type Attributes, type Identity } from './rbac';
import { qualifiedName, RESOURCES, servedWith } from './resources';
import { parseResourcePath, type ResourceRoute } from './route';
import { SelectorError } from './selector';
import { sendJson, sendStatus, status } from './status';
import { handleWatch, type WatchCounters } from './watch';

export interface RequestRecord {
  method: string;
  path: string;
  query: string;
  user: string | null;
  /** Which TLS connection carried it (numbered as they open): tells kept-alive connections apart. */
  connection: number;
}

export interface KubeApi {
  url: string;
  certs: ServingCerts;
  store: ObjectStore;
  logs: PodLogs;
  /**
   * The CustomResourceDefinitions installed, by `plural.group` (`servicemonitors.monitoring.coreos.com`):
   * none by default, as in a cluster without the Prometheus Operator. Change it live.
   */
  crds: Set<string>;
  /** Bearer token → who it is and what it may do. Change it live. */
  tokens: Map<string, Identity>;
  knobs: Knobs;
  /** The last 10 000 requests. */
  requests: RequestRecord[];
  counters: { watches: WatchCounters; proxy: ProxyCounters; reviews: number; hugeBytesSent: number };
  /** Writes a kubeconfig for `token` and returns its path. */
  writeKubeconfig(file: string, o: { token: string; context?: string; namespace?: string; caFile?: string | null }): string;
  close(): Promise<void>;
}

const MAX_RECORDS = 10_000;
const PROXY_VERB: Record<string, string> = { GET: 'get', HEAD: 'get', POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete', OPTIONS: 'get' };

let shared: ServingCerts | null = null;

export async function startKubeApi(o: { tokens?: Record<string, Identity>; certs?: ServingCerts; crds?: readonly string[] } = {}): Promise<KubeApi> {
  // One CA per test process: generating RSA keys is the slow part of starting a stand-in.
  const certs = o.certs ?? (shared ??= makeServingCerts());
  const store = new ObjectStore();
  const logs = new PodLogs();
  const tokens = new Map(Object.entries(o.tokens ?? {}));
  const crds = new Set(o.crds ?? []);
  const served = servedWith(crds);
  const knobs = defaultKnobs();
  const requests: RequestRecord[] = [];
  const counters: KubeApi['counters'] = { watches: { started: 0, open: 0 }, proxy: { requests: 0 }, reviews: 0, hugeBytesSent: 0 };
  const sockets = new Set<Duplex>();
  const connectionIds = new WeakMap<object, number>();
  let connectionsOpened = 0;
  let address = '';

  const server = https.createServer({ cert: certs.cert, key: certs.key }, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://stand-in');
    const identity = tokens.get(/^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '') ?? null;
    let connection = connectionIds.get(req.socket);
    if (connection === undefined) connectionIds.set(req.socket, (connection = ++connectionsOpened));
    requests.push({ method: req.method ?? 'GET', path: url.pathname, query: url.search, user: identity?.user ?? null, connection });
    if (requests.length > MAX_RECORDS) requests.splice(0, requests.length - MAX_RECORDS);
    const line = `${req.method} ${url.pathname}${url.search}`;
    if (knobs.hang?.test(line)) return;
    if (knobs.drop?.test(line)) return void req.socket.destroy();
    if (!identity) return sendStatus(res, status(401, 'Unauthorized', 'Unauthorized'));
    if (knobs.fail500?.test(line)) return sendStatus(res, status(500, 'InternalError', 'Internal error occurred: the stand-in was told to fail'));
    try {
      route(req, res, url, identity, line);
    } catch (err) {
      sendStatus(res, status(500, 'InternalError', `Internal error occurred: ${(err as Error).message}`));
    }
  });

  const servesGroup = (group: string): boolean => RESOURCES.some((d) => d.group === group && served(d));

  function route(req: IncomingMessage, res: ServerResponse, url: URL, identity: Identity, line: string): void {
    if (url.pathname === '/version') return sendJson(res, 200, VERSION_INFO);
    if (['/healthz', '/livez', '/readyz'].includes(url.pathname)) return void res.end('ok');
    const doc = req.method === 'GET' ? discoveryDocument(url.pathname, address, served) : null;
    if (doc) return sendJson(res, 200, doc);
    const r = parseResourcePath(url.pathname, served);
    // A group nothing serves falls through to the server's last handler, Go's http.NotFound.
    if (!r && /^\/apis\/[^/]+(\/|$)/.test(url.pathname) && !servesGroup(url.pathname.split('/')[2]!)) return notFoundText(res);
    if (!r) return sendStatus(res, status(404, 'NotFound', 'the server could not find the requested resource'));
    if (r.def.kind === 'SelfSubjectAccessReview') {
      if (req.method !== 'POST') return sendStatus(res, status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource'));
      return void handleAccessReview(req, res, identity, counters);
    }
    const verb = verbOf(req, url, r);
    if (!verb) return sendStatus(res, status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource'));
    const id = r.subresource === 'proxy' && r.name ? splitSchemeNamePort(r.name) : null;
    const attrs: Attributes = { verb, group: r.def.group, resource: r.def.name, subresource: r.subresource, namespace: r.namespace ?? '', name: id?.name ?? r.name };
    if (!allows(identity, attrs)) return sendStatus(res, status(403, 'Forbidden', forbiddenMessage(identity, attrs, qualifiedName(r.def)), { ...(attrs.name ? { name: attrs.name } : {}), ...(r.def.group ? { group: r.def.group } : {}), kind: r.def.name }));
    serveResource(req, res, url, r, verb, line, id);
  }

  function serveResource(req: IncomingMessage, res: ServerResponse, url: URL, r: ResourceRoute, verb: string, line: string, id: ReturnType<typeof splitSchemeNamePort>): void {
    if (verb === 'list') {
      if (knobs.hugeList?.test(line)) return sendHugeList(res, r.def.kind, knobs.hugeListBytes, counters);
      return handleList(req, res, url, store, r.def, r.namespace);
    }
    if (verb === 'watch') {
      try {
        return handleWatch(res, url, store, r.def, matcherFor(r.def, url, r.namespace), knobs.watch, counters.watches);
      } catch (err) {
        if (err instanceof SelectorError) return sendStatus(res, status(400, 'BadRequest', err.message));
        throw err;
      }
    }
    if (!r.subresource) return handleGet(res, store, r.def, r.namespace, r.name!, req.headers.accept);
    const podName = id?.name ?? r.name!;
    const pod = store.get(r.def, r.namespace, podName);
    if (!pod) return sendStatus(res, status(404, 'NotFound', `pods "${podName}" not found`, { name: podName, kind: 'pods' }));
    if (r.subresource === 'log') return logs.handle(res, url, pod);
    if (r.subresource === 'proxy') {
      if (!id) return sendStatus(res, status(400, 'BadRequest', `invalid pod request "${r.name}"`));
      return handleProxy(req, res, url, pod, id, r.rest ?? '/', counters.proxy);
    }
    sendStatus(res, status(400, 'BadRequest', 'Upgrade request required'));
  }

  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  address = `127.0.0.1:${port}`;
  const url = `https://127.0.0.1:${port}`;
  return {
    url,
    certs,
    store,
    logs,
    crds,
    tokens,
    knobs,
    requests,
    counters,
    writeKubeconfig(file, k) {
      writeFileSync(file, kubeconfigText(url, k.caFile === undefined ? certs.caFile : k.caFile, k.token, k.context ?? 'stand-in', k.namespace));
      return file;
    },
    close: () =>
      new Promise<void>((resolve) => {
        // Stop accepting first, so a client reconnecting now is not left holding the server open.
        server.close(() => resolve());
        server.closeAllConnections();
        for (const s of sockets) s.destroy();
      }),
  };
}

function notFoundText(res: ServerResponse): void {
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' });
  res.end('404 page not found\n');
}

function verbOf(req: IncomingMessage, url: URL, r: ResourceRoute): string | null {
  if (r.subresource === 'proxy') return PROXY_VERB[req.method ?? 'GET'] ?? null;
  if (req.method !== 'GET') return null;
  if (r.subresource) return 'get';
  if (r.name) return 'get';
  return url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1' ? 'watch' : 'list';
}

function kubeconfigText(server: string, caFile: string | null, token: string, context: string, namespace?: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: stand-in',
    '  cluster:',
    `    server: ${server}`,
    ...(caFile ? [`    certificate-authority: ${caFile}`] : []),
    'users:',
    '- name: stand-in-user',
    '  user:',
    `    token: ${token}`,
    'contexts:',
    `- name: ${context}`,
    '  context:',
    '    cluster: stand-in',
    '    user: stand-in-user',
    ...(namespace ? [`    namespace: ${namespace}`] : []),
    `current-context: ${context}`,
    '',
  ].join('\n');
}

