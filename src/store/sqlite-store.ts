/**
 * Results and their history in SQLite (better-sqlite3, WAL), so a restart keeps them.
 * Each workload's result is written as soon as it is judged (a `kill -9` mid-sweep loses
 * only the workloads still in flight), but only what changed: its result row when its
 * judged state changed or the stored copy is older than `refreshMs`, a history row when
 * its score, verdict or a status changed. Writes never throw into the sweep: a failed
 * write is logged, kept in a bounded queue and retried.
 */
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import type { Logger } from 'pino';
import { DistroreadyError } from '../errors';
import type { CompactResult } from '../model';
import { LatestResults, serialise } from './latest-results';
import { checkChanges, sameState, type HistoryEntry, type ResultStore, type SweepRecord, type WorkloadSummary } from './result-store';
import { ensureSchema } from './sqlite-schema';

export interface SqliteStoreOptions {
  /** The database file; its directory is created. */
  file: string;
  /** History older than this is deleted (each workload's newest entry is kept). */
  retentionMs: number;
  logger: Logger;
  /** How long a write waits on a lock held by another connection. Default 2 s. */
  busyTimeoutMs?: number;
  /** First retry delay after a failed write; doubles up to a minute. Default 1 s. */
  retryDelayMs?: number;
  /** Writes kept for retry while writes fail; the oldest are dropped beyond it. */
  maxPending?: number;
  /** An unchanged result is rewritten once its stored copy is this old. Default 10 min. */
  refreshMs?: number;
  /** Called once per failed write attempt (retries included), for the failure counter on /metrics. */
  onWriteFailure?: (err: Error) => void;
  now?: () => number;
}

/** How history writes are going: failures since the last successful write, and the last error. */
export interface WriteHealth {
  consecutiveFailures: number;
  lastError: string | null;
  /** Results waiting to be written. */
  pending: number;
}

/** What the store has written since it opened: what the storage bound in the README counts. */
export interface WriteCounts {
  /** Result rows written (each replaces the workload's previous row). */
  results: number;
  /** History rows added, and their bytes (the values stored, before SQLite's own overhead). */
  changes: number;
  changeBytes: number;
}

/** One write waiting for the next transaction: a result row, a history row, or both. */
interface PendingWrite {
  name: string;
  /** The result's JSON, when its row is to be rewritten. */
  result?: string;
  change?: { probedAt: number; sweepId: string; score: number | null; verdict: string; probes: string; checks: string };
}

interface ChangeRow {
  sweep_id: string;
  probed_at: number;
  score: number | null;
  verdict: HistoryEntry['verdict'];
  probes: string;
  checks: string;
}

const DEFAULT_REFRESH_MS = 10 * 60_000;
const PRUNE_EVERY_MS = 60 * 60_000;

export class SqliteStore implements ResultStore {
  private readonly db: Database.Database;
  private readonly results = new LatestResults();
  /** When each workload's result row was last written, and its id in the database. */
  private readonly writtenAt = new Map<string, number>();
  private readonly ids = new Map<string, number>();
  private pending: PendingWrite[] = [];
  /** Sweep rows wait with the results, so a disk that refuses them counts and retries the same way. */
  private pendingSweeps: SweepRecord[] = [];
  private flushScheduled: NodeJS.Immediate | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryDelayMs: number;
  private failures = 0;
  private lastError: string | null = null;
  private lastPrune = 0;
  /** Counted when their transaction commits. */
  readonly written: WriteCounts = { results: 0, changes: 0, changeBytes: 0 };
  private readonly writeBatch: (writes: readonly PendingWrite[], sweeps: readonly SweepRecord[]) => void;
  private readonly prune: (cutoff: number) => void;
  private readonly selectHistory: Database.Statement<[number, number], ChangeRow>;

  constructor(private readonly o: SqliteStoreOptions) {
    this.retryDelayMs = o.retryDelayMs ?? 1000;
    this.db = openDatabase(o.file, o.busyTimeoutMs ?? 2000, this.now());
    const upsert = this.db.prepare('INSERT INTO results (name, written_at, result) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET written_at = excluded.written_at, result = excluded.result RETURNING id');
    const insertChange = this.db.prepare('INSERT INTO changes (workload, probed_at, sweep_id, score, verdict, probes, checks) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const insertSweep = this.db.prepare('INSERT OR REPLACE INTO sweeps (sweep_id, started_at, finished_at, workloads) VALUES (?, ?, ?, ?)');
    const batch = this.db.transaction((writes: readonly PendingWrite[], sweeps: readonly SweepRecord[]) => {
      for (const s of sweeps) insertSweep.run(s.sweepId, s.startedAt.getTime(), s.finishedAt.getTime(), s.workloads);
      for (const w of writes) {
        if (w.result !== undefined) this.ids.set(w.name, (upsert.get(w.name, this.now(), w.result) as { id: number }).id);
        const c = w.change;
        if (c) insertChange.run(this.ids.get(w.name)!, c.probedAt, c.sweepId, c.score, c.verdict, c.probes, c.checks);
      }
    });
    this.writeBatch = (writes, sweeps) => {
      batch(writes, sweeps);
      for (const w of writes) {
        if (w.result !== undefined) this.written.results++;
        if (w.change) {
          this.written.changes++;
          this.written.changeBytes += changeBytes(w.change);
        }
      }
    };
    const pruneChanges = this.db.prepare('DELETE FROM changes WHERE probed_at < ? AND id NOT IN (SELECT max(id) FROM changes GROUP BY workload)');
    const pruneSweeps = this.db.prepare('DELETE FROM sweeps WHERE finished_at < ?');
    this.prune = this.db.transaction((cutoff: number) => {
      pruneChanges.run(cutoff);
      pruneSweeps.run(cutoff);
    });
    this.selectHistory = this.db.prepare('SELECT sweep_id, probed_at, score, verdict, probes, checks FROM changes WHERE workload = ? ORDER BY id DESC LIMIT ?');
    for (const row of this.db.prepare('SELECT id, name, written_at, result FROM results ORDER BY id').iterate() as Iterable<{ id: number; name: string; written_at: number; result: string }>) {
      this.results.set(JSON.parse(row.result) as CompactResult, row.result);
      this.ids.set(row.name, row.id);
      this.writtenAt.set(row.name, row.written_at);
    }
  }

  get generation(): number {
    return this.results.generation;
  }

  /** Never throws: results are served from memory at once; the write follows in the same turn of the event loop, or on retry. */
  save(results: readonly CompactResult[]): void {
    for (const r of results) this.queue(r);
    const max = this.o.maxPending ?? 10_000;
    if (this.pending.length > max) {
      const dropped = this.pending.length - max;
      this.pending = this.pending.slice(dropped);
      this.o.logger.error({ dropped, file: this.o.file }, 'history writes keep failing; dropped the oldest unsaved results');
    }
    // Results finishing in the same turn share one transaction; the next turn writes them.
    if (!this.retryTimer && !this.flushScheduled) this.flushScheduled = setImmediate(() => this.flush());
  }

  recordSweep(s: SweepRecord): void {
    this.pendingSweeps.push(s);
    if (this.pendingSweeps.length > 1000) this.pendingSweeps.shift();
    if (!this.retryTimer && !this.flushScheduled) this.flushScheduled = setImmediate(() => this.flush());
  }

  /** Writes what is pending; `true` when nothing is left. Public so tests and shutdown can force it. */
  flush(): boolean {
    if (this.flushScheduled) clearImmediate(this.flushScheduled);
    this.flushScheduled = null;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (this.pending.length === 0 && this.pendingSweeps.length === 0) return true;
    try {
      this.writeBatch(this.pending, this.pendingSweeps);
      this.pending = [];
      this.pendingSweeps = [];
      this.retryDelayMs = this.o.retryDelayMs ?? 1000;
      this.failures = 0;
      this.lastError = null;
      this.pruneNowAndThen();
      return true;
    } catch (err) {
      this.failures++;
      this.lastError = (err as Error).message;
      this.o.onWriteFailure?.(err as Error);
      this.o.logger.warn({ err, file: this.o.file, pending: this.pending.length, retryInMs: this.retryDelayMs }, 'history write failed; will retry');
      this.retryTimer = setTimeout(() => this.flush(), this.retryDelayMs);
      this.retryTimer.unref();
      this.retryDelayMs = Math.min(this.retryDelayMs * 2, 60_000);
      return false;
    }
  }

  writeHealth(): WriteHealth {
    return { consecutiveFailures: this.failures, lastError: this.lastError, pending: this.pending.length };
  }

  latest(): CompactResult[] {
    return this.results.all();
  }

  latestFor(name: string): CompactResult | undefined {
    return this.results.get(name);
  }

  latestJson(name: string): string | undefined {
    return this.results.json(name);
  }

  summaryFor(name: string): WorkloadSummary | undefined {
    return this.results.summary(name);
  }

  history(name: string, limit = 100): HistoryEntry[] {
    const id = this.ids.get(name);
    if (id === undefined) return [];
    return this.selectHistory.all(id, limit).map((row) => ({
      sweepId: row.sweep_id,
      probedAt: new Date(row.probed_at).toISOString(),
      score: row.score,
      verdict: row.verdict,
      probes: JSON.parse(row.probes) as HistoryEntry['probes'],
      changes: (JSON.parse(row.checks) as [string, HistoryEntry['changes'][number]['status']][]).map(([check, status]) => ({ check, status })),
    }));
  }

  /** One last try to write what is pending, then close. */
  close(): void {
    if (!this.db.open) return;
    if (!this.flush()) this.o.logger.error({ file: this.o.file, lost: this.pending.length }, 'closing with unsaved history');
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.db.close();
  }

  /** What of `r` needs writing: its row if its state changed or the stored copy is old, a history row if its state changed. */
  private queue(r: CompactResult): void {
    const json = serialise(r);
    const { previous, state } = this.results.set(r, json);
    if (json === undefined) {
      this.o.logger.error({ workload: r.name }, 'result cannot be stored; it stays in memory only');
      return;
    }
    const changed = !sameState(previous, state);
    const stale = this.now() - (this.writtenAt.get(r.name) ?? 0) >= (this.o.refreshMs ?? DEFAULT_REFRESH_MS);
    if (!changed && !stale) return;
    this.writtenAt.set(r.name, this.now());
    const write: PendingWrite = { name: r.name, result: json };
    if (changed) {
      const checks = checkChanges(previous, state).map((c) => [c.check, c.status]);
      write.change = { probedAt: Date.parse(r.probedAt) || this.now(), sweepId: r.sweepId, score: r.score, verdict: r.verdict, probes: JSON.stringify(state.probes), checks: JSON.stringify(checks) };
    }
    this.pending.push(write);
  }

  private pruneNowAndThen(): void {
    const now = this.now();
    if (now - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    this.prune(now - this.o.retentionMs);
  }

  private now(): number {
    return (this.o.now ?? Date.now)();
  }
}

/** The bytes a history row stores: its text as UTF-8, its numbers at SQLite's widest (8 bytes each). */
function changeBytes(c: NonNullable<PendingWrite['change']>): number {
  return Buffer.byteLength(c.sweepId) + Buffer.byteLength(c.verdict) + Buffer.byteLength(c.probes) + Buffer.byteLength(c.checks) + 8 * 4;
}

/** Opens (creating) the database, or fails at start with the path and what to do. */
function openDatabase(file: string, busyTimeoutMs: number, now: number): Database.Database {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const db = new Database(file, { timeout: busyTimeoutMs });
    db.pragma('journal_mode = WAL');
    // WAL with NORMAL sync is durable across process crashes; only an OS crash may lose the last writes.
    db.pragma('synchronous = NORMAL');
    ensureSchema(db, now);
    return db;
  } catch (err) {
    throw new DistroreadyError(
      'CONFIG_INVALID',
      `storage.path: cannot open the SQLite history at ${file}: ${(err as Error).message}; point storage.path at a writable file`,
      { field: 'storage.path', file },
    );
  }
}
