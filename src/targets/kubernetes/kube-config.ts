/**
 * Where the cluster is and who we are in it: an explicit kubeconfig, else the in-cluster
 * service account, else `$KUBECONFIG` (merged), else `~/.kube/config` — loaded with
 * client-node's KubeConfig, so contexts, client certificates, token files and exec
 * credential plugins work as in kubectl. Every error names the source and the context.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isIPv6 } from 'node:net';
import { homedir } from 'node:os';
import * as path from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { clientNode } from './client-node';

/** The parts of `kubernetes:` this needs. */
export interface ClusterSelection {
  kubeconfig?: string;
  context?: string;
}

export interface ClusterAccess {
  /** `kubeconfig /home/me/.kube/config` or `in-cluster service account`: for messages. */
  source: string;
  context: string;
  /** The API server's base URL, no trailing slash. */
  server: string;
  /** True when running in a pod with a service account (reach defaults to pod-ip). */
  inCluster: boolean;
  /** `source, context X (server)`: what every error about the cluster starts with. */
  describe(): string;
  /** TLS material and the Authorization header for one request (tokens may rotate). */
  requestOptions(): Promise<RequestTls>;
}

export interface RequestTls {
  ca?: string | Buffer;
  cert?: string | Buffer;
  key?: string | Buffer;
  rejectUnauthorized?: boolean;
  servername?: string;
  headers: Record<string, string>;
}

export class ClusterConfigError extends Error {}

const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

export interface ResolveOptions {
  env?: NodeJS.ProcessEnv;
  /** Directory the kubeconfig path is relative to (the config file's). */
  baseDir?: string;
  /** Prefix of the service-account directory, for tests of in-cluster mode. */
  serviceAccountRoot?: string;
}

function expandHome(file: string): string {
  return file === '~' || file.startsWith('~/') ? path.join(homedir(), file.slice(1)) : file;
}

function load(sel: ClusterSelection, o: ResolveOptions): { kc: KubeConfig; source: string; inCluster: boolean } {
  const { KubeConfig: KC } = clientNode();
  const env = o.env ?? process.env;
  const kc = new KC();
  const root = o.serviceAccountRoot ?? '';
  const read = (file: string, source: string): { kc: KubeConfig; source: string; inCluster: boolean } => {
    if (!existsSync(file)) throw new ClusterConfigError(`${source}: file not found; set kubernetes.kubeconfig to a readable kubeconfig`);
    try {
      kc.loadFromFile(file);
    } catch (err) {
      throw new ClusterConfigError(`${source}: not a readable kubeconfig: ${(err as Error).message}`);
    }
    return { kc, source, inCluster: false };
  };
  if (sel.kubeconfig) return read(path.resolve(o.baseDir ?? process.cwd(), expandHome(sel.kubeconfig)), `kubeconfig ${sel.kubeconfig}`);
  if (env.KUBERNETES_SERVICE_HOST && existsSync(`${root}${SA_DIR}/token`)) {
    loadInCluster(kc, env, root);
    return { kc, source: `in-cluster service account (${root}${SA_DIR})`, inCluster: true };
  }
  const files = (env.KUBECONFIG ?? '').split(path.delimiter).filter(Boolean);
  if (files.length > 0) {
    read(files[0]!, `kubeconfig ${files[0]} ($KUBECONFIG)`);
    for (const extra of files.slice(1)) {
      if (!existsSync(extra)) continue;
      const more = new KC();
      more.loadFromFile(extra);
      mergeFirstWins(kc, more);
    }
    return { kc, source: `kubeconfig ${files.join(path.delimiter)} ($KUBECONFIG)`, inCluster: false };
  }
  const home = path.join(env.HOME ?? homedir(), '.kube', 'config');
  if (existsSync(home)) return read(home, `kubeconfig ${home}`);
  throw new ClusterConfigError('no cluster to talk to: not in a pod with a service account, $KUBECONFIG is unset and ~/.kube/config does not exist; set kubernetes.kubeconfig');
}

/**
 * kubectl's merge of $KUBECONFIG files: the first file that names a cluster, user or
 * context wins. (client-node's mergeConfig throws on a repeated name instead, and two
 * kubeconfigs for the same cluster often repeat them.)
 */
function mergeFirstWins(kc: KubeConfig, more: KubeConfig): void {
  const has = (list: { name: string }[], name: string): boolean => list.some((x) => x.name === name);
  for (const cl of more.getClusters()) if (!has(kc.getClusters(), cl.name)) kc.addCluster(cl);
  for (const u of more.getUsers()) if (!has(kc.getUsers(), u.name)) kc.addUser(u);
  for (const cx of more.getContexts()) if (!has(kc.getContexts(), cx.name)) kc.addContext(cx);
}

/**
 * What client-node's `loadFromCluster` sets up (the token file re-read as it rotates, the
 * service account's CA and namespace), from the given environment rather than the
 * process's, so it can be pointed elsewhere.
 */
function loadInCluster(kc: KubeConfig, env: NodeJS.ProcessEnv, root: string): void {
  const host = env.KUBERNETES_SERVICE_HOST!;
  const port = env.KUBERNETES_SERVICE_PORT ?? '443';
  const scheme = ['80', '8080', '8001'].includes(port) ? 'http' : 'https';
  const nsFile = `${root}${SA_DIR}/namespace`;
  kc.loadFromOptions({
    clusters: [{ name: 'inCluster', server: `${scheme}://${isIPv6(host) ? `[${host}]` : host}:${port}`, caFile: `${root}${SA_DIR}/ca.crt`, skipTLSVerify: false }],
    users: [{ name: 'inClusterUser', authProvider: { name: 'tokenFile', config: { tokenFile: `${root}${SA_DIR}/token` } } }],
    contexts: [{ name: 'inClusterContext', cluster: 'inCluster', user: 'inClusterUser', ...(existsSync(nsFile) ? { namespace: readFileSync(nsFile, 'utf8').trim() } : {}) }],
    currentContext: 'inClusterContext',
  });
}

/** Loads the kubeconfig and selects the context; throws `ClusterConfigError` with a fix. */
export function resolveCluster(sel: ClusterSelection, o: ResolveOptions = {}): ClusterAccess {
  const { kc, source, inCluster } = load(sel, o);
  if (sel.context) {
    if (!kc.getContextObject(sel.context)) {
      const known = kc.getContexts().map((c) => c.name);
      throw new ClusterConfigError(`${source}: no context "${sel.context}"; kubernetes.context must be one of ${known.join(', ') || '(none defined)'}`);
    }
    kc.setCurrentContext(sel.context);
  }
  const context = kc.getCurrentContext();
  const cluster = kc.getCurrentCluster();
  if (!cluster?.server) throw new ClusterConfigError(`${source}, context "${context}": the context names no cluster with a server URL`);
  const server = cluster.server.replace(/\/+$/, '');
  return {
    source,
    context,
    server,
    inCluster,
    describe: () => `${source}, context "${context}" (${server})`,
    async requestOptions() {
      const opts: { ca?: string | Buffer; cert?: string | Buffer; key?: string | Buffer; rejectUnauthorized?: boolean; servername?: string; headers?: Record<string, string>; auth?: string } = {};
      await kc.applyToHTTPSOptions(opts as never);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(opts.headers ?? {})) if (typeof v === 'string') headers[k.toLowerCase()] = v;
      // A kubeconfig user with username/password comes back as `auth`, for basic auth.
      if (opts.auth && !headers.authorization) headers.authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
      return { ca: opts.ca, cert: opts.cert, key: opts.key, rejectUnauthorized: opts.rejectUnauthorized, servername: opts.servername, headers };
    },
  };
}
