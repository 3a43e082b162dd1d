/**
 * `?watch=true` streams: newline-delimited `{type, object}` events after the given
 * resourceVersion (none or `0`: synthetic ADDED events for what exists, then changes),
 * selector transitions as the watch cache makes them (an object that stops matching is
 * DELETED for this watcher), BOOKMARKs when asked, the stream closed at `timeoutSeconds`,
 * and an ERROR event with a 410 `Status` for a compacted resourceVersion. Knobs make it
 * hostile: silent (open, nothing delivered, as client-node #958 describes), reset
 * mid-stream (ECONNRESET, #1496), never-ending, or one line that never ends.
 */
import type { ServerResponse } from 'node:http';
import { GoneError, ObjectStore, type KubeObject, type StoreEvent } from './object-store';
import { groupVersion, type ResourceDef } from './resources';
import type { Matcher } from './list';
import { status } from './status';

export interface WatchKnobs {
  /** `silent`: hold the stream open and deliver nothing; `endless-line`: stream bytes with no newline, forever. */
  mode: 'normal' | 'silent' | 'endless-line';
  /** Destroy the connection after this many events (client sees ECONNRESET / aborted). */
  resetAfterEvents: number | null;
  /** Ignore `timeoutSeconds`: the stream never ends on its own. */
  ignoreTimeout: boolean;
  bookmarkIntervalMs: number;
}

export const DEFAULT_WATCH_KNOBS: WatchKnobs = { mode: 'normal', resetAfterEvents: null, ignoreTimeout: false, bookmarkIntervalMs: 60_000 };

type Line = { type: string; object: unknown };

function transition(e: StoreEvent, match: Matcher): Line['type'] | null {
  const now = e.type !== 'DELETED' && match(e.object);
  const before = e.previous !== null && match(e.previous);
  if (e.type === 'ADDED') return now ? 'ADDED' : null;
  if (e.type === 'DELETED') return before ? 'DELETED' : null;
  if (before && now) return 'MODIFIED';
  if (now) return 'ADDED';
  return before ? 'DELETED' : null;
}

export interface WatchCounters {
  /** Watch requests answered since start. */
  started: number;
  /** Streams open now. */
  open: number;
}

function resetConnection(res: ServerResponse): void {
  const socket = res.socket as (NonNullable<ServerResponse['socket']> & { _parent?: { resetAndDestroy?: () => void } }) | null;
  const raw = socket?._parent;
  if (raw?.resetAndDestroy) raw.resetAndDestroy();
  else socket?.destroy();
}

export function handleWatch(res: ServerResponse, url: URL, store: ObjectStore, def: ResourceDef, match: Matcher, knobs: WatchKnobs, counters: WatchCounters): void {
  counters.started++;
  counters.open++;
  res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache, private', 'transfer-encoding': 'chunked' });
  res.flushHeaders();
  let sent = 0;
  let closed = false;
  // A watch that went quiet stays quiet, as the dead streams of client-node #958 do.
  const silent = knobs.mode === 'silent';
  const timers = new Map<'bookmark' | 'timeout', NodeJS.Timeout>();
  let unsubscribe = (): void => undefined;
  const close = (): void => {
    if (closed) return;
    closed = true;
    counters.open--;
    unsubscribe();
    for (const t of timers.values()) clearTimeout(t);
  };
  res.on('close', close);
  const write = (line: Line): void => {
    if (closed || silent) return;
    sent++;
    const reset = knobs.resetAfterEvents !== null && sent >= knobs.resetAfterEvents;
    // Once the event is on the wire, a TCP reset: the client reads it, then sees ECONNRESET.
    res.write(`${JSON.stringify(line)}\n`, reset ? () => resetConnection(res) : undefined);
    if (reset) close();
  };
  const send = (type: string, obj: KubeObject): void => write({ type, object: ObjectStore.typed(def, obj) });

  if (knobs.mode === 'endless-line') {
    const chunk = `{"type":"ADDED","object":{"kind":"${def.kind}","metadata":{"name":"${'x'.repeat(64 * 1024)}`;
    const pump = (): void => {
      if (closed) return;
      if (res.write(chunk)) setImmediate(pump);
      else res.once('drain', pump);
    };
    pump();
    return;
  }

  const rvParam = url.searchParams.get('resourceVersion');
  let from: number;
  if (rvParam === null || rvParam === '' || rvParam === '0') {
    from = store.resourceVersion;
    for (const o of store.snapshot(def, from)) if (match(o)) send('ADDED', o);
  } else {
    from = Number(rvParam);
    let backlog: StoreEvent[];
    try {
      backlog = Number.isFinite(from) ? store.eventsAfter(def, from) : [];
    } catch (err) {
      if (!(err instanceof GoneError)) throw err;
      write({ type: 'ERROR', object: status(410, 'Expired', err.message) });
      close();
      res.end();
      return;
    }
    for (const e of backlog) {
      const type = transition(e, match);
      if (type) send(type, e.object);
    }
  }
  unsubscribe = store.subscribe((e) => {
    if (e.def !== def) return;
    const type = transition(e, match);
    if (type) send(type, e.object);
  });
  if (url.searchParams.get('allowWatchBookmarks') === 'true') {
    const bookmark = (): void => {
      if (closed) return;
      write({ type: 'BOOKMARK', object: { kind: def.kind, apiVersion: groupVersion(def), metadata: { resourceVersion: String(store.resourceVersion) } } });
      if (!closed) timers.set('bookmark', setTimeout(bookmark, knobs.bookmarkIntervalMs));
    };
    timers.set('bookmark', setTimeout(bookmark, knobs.bookmarkIntervalMs));
  }
  const timeout = Number(url.searchParams.get('timeoutSeconds') ?? 1800);
  if (!knobs.ignoreTimeout && Number.isFinite(timeout) && timeout > 0) {
    timers.set('timeout', setTimeout(() => {
      close();
      res.end();
    }, timeout * 1000));
  }
}
