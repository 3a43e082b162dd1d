/**
 * `serve`'s view of the cluster, kept current: one reflector (list + watch) per kind in
 * scope — the controllers, their ReplicaSets and Jobs, pods, and Services and ServiceMonitors
 * where the API serves ServiceMonitors — and the workloads
 * assembled from their caches whenever a sweep asks. When the API server becomes
 * unreadable the caches keep the last known state (so the last results stay, and pods
 * that still answer are still probed), `/readyz` says why, and the reflectors retry
 * with backoff.
 */
import type { Logger } from 'pino';
import type { WorkloadConfig } from '../target';
import type { Cluster } from './cluster';
import { assemble, intermediatesFor, scopeFor } from './discover';
import type { KubernetesConfig } from './kubernetes-config';
import { withServiceMonitors } from './monitoring-read';
import { Reflector } from './reflector';
import { API_RESOURCES, type ApiResource, type WorkloadKind } from './resources';

export interface WatchTuning {
  /** No bytes for this long and a watch is given up as quiet (servers send bookmarks about every minute). */
  idleTimeoutMs: number;
  backoff: { initialMs: number; maxMs: number };
  maxEventBytes: number;
}

export const DEFAULT_TUNING: WatchTuning = { idleTimeoutMs: 150_000, backoff: { initialMs: 500, maxMs: 60_000 }, maxEventBytes: 8 * 1024 * 1024 };

interface Scoped {
  kind: WorkloadKind | 'ReplicaSet' | 'Job' | 'Pod' | 'Service' | 'ServiceMonitor';
  namespace: string | null;
  reflector: Reflector;
}

export class ClusterWatch {
  private readonly scoped: Scoped[] = [];
  private version = 0;
  private cached: { version: number; workloads: WorkloadConfig[] } | null = null;
  private startError: string | null = 'the first list of the cluster has not finished';
  private readonly abort = new AbortController();
  private starting: Promise<void> | null = null;
  /** What the first discovery found: served until every reflector has listed. */
  private initial: WorkloadConfig[] = [];
  /** The API serves ServiceMonitors: Services and ServiceMonitors are watched beside the controllers. */
  private monitoring = false;

  constructor(
    private readonly cluster: Cluster,
    private readonly config: KubernetesConfig,
    private readonly logger: Logger,
    private readonly tuning: WatchTuning = DEFAULT_TUNING,
  ) {}

  /**
   * Finds the scope (cluster-wide, or the namespaces it may read) with one discovery, then
   * starts the reflectors there. Until that discovery succeeds, it retries with backoff.
   * Resolves once the first discovery succeeded or failed.
   */
  start(): Promise<void> {
    let firstAttempt!: () => void;
    const attempted = new Promise<void>((resolve) => (firstAttempt = resolve));
    this.starting ??= this.run(firstAttempt);
    return attempted;
  }

  private async run(attempted: () => void): Promise<void> {
    const signal = this.abort.signal;
    let delay = this.tuning.backoff.initialMs;
    while (!signal.aborted) {
      try {
        const { discovery, workloads } = await this.cluster.discover(signal);
        this.initial = workloads;
        this.monitoring = discovery.serviceMonitors;
        if (!signal.aborted) this.startReflectors(discovery.namespaces);
        attempted();
        return;
      } catch (err) {
        this.startError = (err as Error).message;
        attempted();
        this.logger.warn({ err: (err as Error).message, retryInMs: delay }, 'kubernetes discovery failed; retrying');
        await sleep(delay, signal);
        delay = Math.min(delay * 2, this.tuning.backoff.maxMs);
      }
    }
  }

  private startReflectors(namespaces: readonly string[] | null): void {
    for (const namespace of namespaces ?? [null]) this.watchNamespace(namespace);
    // Lists were refused cluster-wide and fell back to namespaces: a namespace created later
    // is found by watching namespaces (when the account may), and watched like the others.
    if (namespaces !== null && !this.config.namespaces) {
      const ns: Reflector = this.reflector(API_RESOURCES.Namespace, null, undefined, () => {
        for (const o of ns.items.values()) if (!this.scoped.some((s) => s.namespace === o.metadata.name)) this.watchNamespace(o.metadata.name);
      });
      this.namespaceWatch = ns;
      ns.start();
    }
    this.startError = null;
  }

  private namespaceWatch: Reflector | null = null;

  private watchNamespace(namespace: string | null): void {
    const monitoring = this.monitoring ? (['Service', 'ServiceMonitor'] as const) : [];
    const kinds = [...this.config.kinds, ...intermediatesFor(this.config.kinds), 'Pod' as const, ...monitoring];
    for (const kind of kinds) {
      const controller = (this.config.kinds as readonly string[]).includes(kind);
      const reflector = this.reflector(API_RESOURCES[kind], namespace, controller ? this.config.labelSelector : undefined, () => this.version++);
      this.scoped.push({ kind, namespace, reflector });
      reflector.start();
    }
  }

  private reflector(resource: ApiResource, namespace: string | null, labelSelector: string | undefined, onChange: () => void): Reflector {
    return new Reflector({
      client: this.cluster.service.client,
      resource,
      namespace: namespace ?? undefined,
      labelSelector,
      bounds: scopeFor(this.cluster.service.client, this.config).bounds,
      watchRestartMs: this.config.watchRestartMs,
      idleTimeoutMs: this.tuning.idleTimeoutMs,
      maxEventBytes: this.tuning.maxEventBytes,
      backoff: this.tuning.backoff,
      logger: this.logger,
      onChange,
    });
  }

  /** The workloads of this shard as the caches know them now. */
  workloads(): WorkloadConfig[] {
    // A reflector refused (403), or of a CRD since removed (404), will never list; one that has not listed yet soon will.
    const pending = this.scoped.some((s) => !s.reflector.status.listed && s.reflector.status.lastError?.kind !== 'forbidden' && s.reflector.status.lastError?.kind !== 'not-found');
    if (pending || this.scoped.length === 0) return this.initial;
    if (this.cached?.version === this.version) return this.cached.workloads;
    const by = (kind: Scoped['kind']): Scoped[] => this.scoped.filter((s) => s.kind === kind);
    const itemsOf = (kind: Scoped['kind']) => by(kind).flatMap((s) => [...s.reflector.items.values()]);
    const controllers = this.config.kinds.map((kind) => ({ kind, items: itemsOf(kind) }));
    const intermediates = [...itemsOf('ReplicaSet'), ...itemsOf('Job')];
    const listedIn = (kind: Scoped['kind'], ns: string): boolean => by(kind).some((s) => s.reflector.status.listed && (s.namespace === null || s.namespace === ns));
    const all = assemble(controllers, intermediates, itemsOf('Pod'), (ns) => listedIn('Pod', ns), this.config.teamLabel);
    withServiceMonitors(all, {
      served: this.monitoring,
      services: itemsOf('Service'),
      monitors: itemsOf('ServiceMonitor'),
      denied: [],
      known: (ns) => listedIn('Service', ns) && listedIn('ServiceMonitor', ns),
    });
    const workloads = this.cluster.toWorkloads(all);
    this.cached = { version: this.version, workloads };
    return workloads;
  }

  /** Why the cluster is not fully known right now; `null` when every list and watch works. */
  notReadyReason(): string | null {
    if (this.startError) return `kubernetes: ${this.startError}`;
    // A refused list (403) is a permission gap the access review reports, not an outage.
    const failing = this.scoped.filter((s) => s.reflector.status.lastError !== null && s.reflector.status.lastError.kind !== 'forbidden');
    if (failing.length === 0) return null;
    const first = failing[0]!.reflector;
    const e = first.status.lastError!;
    const more = failing.length > 1 ? ` (and ${failing.length - 1} more lists/watches)` : '';
    return `kubernetes: ${this.cluster.service.client.access.describe()}: ${first.label}: ${e.request} failed (${e.kind}): ${e.message}${more}; showing the last known state, retrying with backoff`;
  }

  /** Counts for tests and the log. */
  stats(): { reflectors: number; lists: number; watches: number; events: number } {
    const s = this.scoped.map((x) => x.reflector.status);
    return { reflectors: s.length, lists: s.reduce((n, x) => n + x.lists, 0), watches: s.reduce((n, x) => n + x.watches, 0), events: s.reduce((n, x) => n + x.events, 0) };
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.starting;
    await this.namespaceWatch?.stop();
    await Promise.all(this.scoped.map((s) => s.reflector.stop()));
    this.cluster.service.client.close();
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
