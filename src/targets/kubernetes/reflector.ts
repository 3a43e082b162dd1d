/**
 * List, then watch from the list's resourceVersion, into a cache: one resource in one
 * scope, as client-go's reflector does, with the known client-node pitfalls handled.
 * The watch asks for bookmarks and ends itself at `watchRestartMs` (watches go quiet
 * after a while: client-node #958), a stream with no bytes for `idleTimeoutMs` is given
 * up, a reset connection (#1496) or any other failure re-watches after a backoff from
 * the last resourceVersion, and a 410 Gone (an ERROR event or the status) relists. A
 * watch that ends at once with nothing in it backs off too, so a broken server cannot
 * make it spin (#1933).
 */
import type { Logger } from 'pino';
import type { KubeClient, KubeError } from './kube-client';
import { listAll, type ListBounds } from './list-all';
import type { KubeObject } from './objects';
import { collectionPath, qualified, type ApiResource } from './resources';

export interface ReflectorOptions {
  client: KubeClient;
  resource: ApiResource;
  namespace?: string;
  labelSelector?: string;
  bounds: ListBounds;
  watchRestartMs: number;
  idleTimeoutMs: number;
  maxEventBytes: number;
  backoff: { initialMs: number; maxMs: number };
  logger: Logger;
  onChange(): void;
}

export interface ReflectorStatus {
  /** A list has succeeded at least once: the cache means something. */
  listed: boolean;
  /** The last failure, cleared by the next success. */
  lastError: KubeError | null;
  lastErrorAt: Date | null;
  lists: number;
  watches: number;
  events: number;
}

/** A full relist every this many watch restarts (30 min with the default 5 min restarts). */
const RELIST_EVERY_RESTARTS = 6;

interface WatchEvent {
  type?: string;
  object?: KubeObject & { code?: number; reason?: string; message?: string };
}

export class Reflector {
  readonly items = new Map<string, KubeObject>();
  readonly status: ReflectorStatus = { listed: false, lastError: null, lastErrorAt: null, lists: 0, watches: 0, events: 0 };
  private rv = '';
  private listedAt = 0;
  private stopped = false;
  private readonly stop$ = new AbortController();
  private delayMs: number;
  private running: Promise<void> | null = null;

  constructor(private readonly o: ReflectorOptions) {
    this.delayMs = o.backoff.initialMs;
  }

  /** `deployments.apps in namespace shop`, for logs and reasons. */
  get label(): string {
    return `${qualified(this.o.resource)}${this.o.namespace ? ` in namespace ${this.o.namespace}` : ''}`;
  }

  start(): void {
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stop$.abort();
    await this.running;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      // Now and then a full list, whatever the watch says: events a broken stream lost are found again.
      if (this.rv && Date.now() - this.listedAt > this.o.watchRestartMs * RELIST_EVERY_RESTARTS) this.rv = '';
      if (!this.rv && !(await this.relist())) {
        await this.backoff();
        continue;
      }
      const started = Date.now();
      const before = this.status.events;
      const outcome = await this.watchOnce();
      if (this.stopped) return;
      if (outcome === 'gone') {
        this.rv = '';
        continue;
      }
      const quick = Date.now() - started < 1000 && this.status.events === before;
      if (outcome === 'failed' || quick) await this.backoff();
      else this.delayMs = this.o.backoff.initialMs;
    }
  }

  private async relist(): Promise<boolean> {
    const r = await listAll(this.o.client, this.o.resource, { ...this.o.bounds, namespace: this.o.namespace, labelSelector: this.o.labelSelector, signal: this.stop$.signal });
    if (this.stopped) return false;
    this.status.lists++;
    if (!r.ok) {
      this.fail(r.error);
      return false;
    }
    this.items.clear();
    for (const item of r.value.items) this.items.set(item.metadata.uid, item);
    this.rv = r.value.resourceVersion;
    this.listedAt = Date.now();
    this.status.listed = true;
    this.status.lastError = null;
    this.o.onChange();
    return true;
  }

  private async watchOnce(): Promise<'ended' | 'gone' | 'failed'> {
    const q = new URLSearchParams({ watch: 'true', resourceVersion: this.rv, allowWatchBookmarks: 'true', timeoutSeconds: String(Math.ceil(this.o.watchRestartMs / 1000)) });
    if (this.o.labelSelector) q.set('labelSelector', this.o.labelSelector);
    const end = new AbortController();
    let gone = false;
    this.status.watches++;
    const r = await this.o.client.stream(`${collectionPath(this.o.resource, this.o.namespace)}?${q.toString()}`, (line) => {
      if (this.apply(line) === 'gone') {
        gone = true;
        end.abort();
      }
    }, {
      idleTimeoutMs: this.o.idleTimeoutMs,
      // Past the server's own timeout, the client gives up too: a watch that never ends is restarted.
      maxDurationMs: this.o.watchRestartMs + 15_000,
      maxLineBytes: this.o.maxEventBytes,
      signal: AbortSignal.any([this.stop$.signal, end.signal]),
    });
    if (gone || (!r.ok && r.error.kind === 'gone')) return 'gone';
    if (!r.ok) {
      this.fail(r.error);
      return 'failed';
    }
    return 'ended';
  }

  private apply(line: string): 'ok' | 'gone' {
    let e: WatchEvent;
    try {
      e = JSON.parse(line) as WatchEvent;
    } catch {
      return 'ok';
    }
    const obj = e.object;
    if (!obj || typeof obj !== 'object') return 'ok';
    // The watch works again: whatever failed before is over.
    this.status.lastError = null;
    if (e.type === 'ERROR') {
      if (obj.code === 410) return 'gone';
      this.status.lastError = { kind: 'status', request: `watch ${this.label}`, status: obj.code ?? null, reason: obj.reason ?? null, message: obj.message ?? 'watch error event' };
      this.o.logger.warn({ watch: this.label, reason: obj.reason, message: obj.message }, 'watch error event');
      return 'gone';
    }
    const rv = obj.metadata?.resourceVersion;
    if (rv) this.rv = rv;
    this.status.events++;
    if (e.type === 'BOOKMARK' || !obj.metadata?.uid) return 'ok';
    if (e.type === 'DELETED') this.items.delete(obj.metadata.uid);
    else if (e.type === 'ADDED' || e.type === 'MODIFIED') this.items.set(obj.metadata.uid, obj);
    else return 'ok';
    this.o.onChange();
    return 'ok';
  }

  private fail(e: KubeError): void {
    this.status.lastError = e;
    this.status.lastErrorAt = new Date();
    this.o.logger.warn({ watch: this.label, kind: e.kind, request: e.request, message: e.message, retryInMs: this.delayMs }, 'kubernetes list/watch failed; retrying');
  }

  private backoff(): Promise<void> {
    const wait = this.delayMs * (0.8 + Math.random() * 0.4);
    this.delayMs = Math.min(this.delayMs * 2, this.o.backoff.maxMs);
    const signal = this.stop$.signal;
    return new Promise((resolve) => {
      const t = setTimeout(done, wait);
      signal.addEventListener('abort', done, { once: true });
      function done(): void {
        clearTimeout(t);
        signal.removeEventListener('abort', done);
        resolve();
      }
    });
  }
}
