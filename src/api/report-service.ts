/**
 * Renders reports for the API and the dashboard away from the event loop: in a worker
 * thread (when running from the build), and once per state of the store — concurrent
 * readers of the same report share one render, and later readers get it from the cache
 * until a result changes. What the main thread does per request is gather the stored JSON
 * and write bytes.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { ReportCatalog } from '../model';
import { renderRequest, type RenderRequest } from '../report/render-request';
import type { ResultStore } from '../store/result-store';

export interface ReportService {
  /**
   * The report of `names`' latest results in `format`, as UTF-8 bytes; `groupBy` is
   * `report.groupBy` for the overview (the dashboard's exports of a filtered view use it).
   */
  render(format: RenderRequest['format'], names: readonly string[], groupBy?: string): Promise<Buffer>;
  /** True when reports render in a worker thread (from the build), false in this thread (from the sources). */
  readonly offThread: boolean;
  close(): Promise<void>;
}

/** Renders kept per format, view and state; the largest is a report of every workload. */
const CACHED = 8;

/**
 * The worker script once built: dist/src/report/ beside tsc's output of this file, or
 * dist/render-worker.js next to the bundled command (dist/commands/serve.js). None when
 * running from the sources (tests): then reports render in this thread.
 */
function workerScript(): string | null {
  if (__filename.endsWith('.ts')) return null;
  const candidates = [path.join(__dirname, '..', 'report', 'render-worker.js'), path.join(__dirname, '..', 'render-worker.js')];
  return candidates.find((c) => existsSync(c)) ?? null;
}

/** The names, in order, as a short key: a hash, so a cache key of 1,000 names stays 40 characters. */
function viewKey(names: readonly string[]): string {
  const hash = createHash('sha1');
  for (const n of names) hash.update(n).update('\u0000');
  return `${names.length}:${hash.digest('hex')}`;
}

export function createReportService(store: ResultStore, catalog: ReportCatalog, logger: Logger, useWorker = true): ReportService {
  const cache = new Map<string, Promise<Buffer>>();
  const script = useWorker ? workerScript() : null;
  let worker: Worker | null = null;
  let nextId = 0;
  const waiting = new Map<number, { resolve(b: Buffer): void; reject(e: Error): void }>();

  const startWorker = (): Worker => {
    const w = new Worker(script!, { workerData: { catalog } });
    w.unref();
    w.on('message', (m: { id: number; body?: ArrayBuffer; error?: string }) => {
      const p = waiting.get(m.id);
      waiting.delete(m.id);
      if (m.body) p?.resolve(Buffer.from(m.body));
      else p?.reject(new Error(`report rendering failed: ${m.error}`));
    });
    w.on('error', (err) => {
      logger.error({ err }, 'report worker failed; starting another for the next report');
      for (const p of waiting.values()) p.reject(err);
      waiting.clear();
      worker = null;
    });
    return w;
  };

  const renderOff = (req: RenderRequest): Promise<Buffer> => {
    if (!script) return Promise.resolve(Buffer.from(renderRequest(req, catalog)));
    worker ??= startWorker();
    const id = nextId++;
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      worker!.postMessage({ ...req, id });
    });
  };

  return {
    offThread: script !== null,
    render(format, names, groupBy) {
      // The store's generation moves with every saved result. The names are the view (a
      // filtered, sorted export names a different set or order), so all of them are the key.
      const key = `${format}\u0000${store.generation}\u0000${groupBy ?? ''}\u0000${viewKey(names)}`;
      let body = cache.get(key);
      if (!body) {
        const results = names.flatMap((n) => store.latestJson(n) ?? []);
        body = renderOff({ format, results, generatedAt: new Date().toISOString(), ...(groupBy ? { groupBy } : {}) });
        body.catch(() => cache.delete(key));
        cache.set(key, body);
        while (cache.size > CACHED) cache.delete(cache.keys().next().value!);
      }
      return body;
    },
    async close() {
      await worker?.terminate();
      worker = null;
    },
  };
}
