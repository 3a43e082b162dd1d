/**
 * Result history in SQLite (better-sqlite3, WAL), so a restart keeps it. The latest full
 * result of each workload is one row (upserted); history keeps only score, verdict and
 * per-probe statuses, so 30 days of sweeps stay small. Writes never throw into the sweep:
 * a failed write is logged, kept in a bounded queue and retried.
 */
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import type { Logger } from 'pino';
import { DistroreadyError } from '../errors';
import type { WorkloadResult } from '../model';
import { historyEntry, type HistoryEntry, type ResultStore } from './result-store';

export interface SqliteStoreOptions {
  /** The database file; its directory is created. */
  file: string;
  /** History older than this is deleted. */
  retentionMs: number;
  logger: Logger;
  /** How long a write waits on a lock held by another connection. Default 2 s. */
  busyTimeoutMs?: number;
  /** First retry delay after a failed write; doubles up to a minute. Default 1 s. */
  retryDelayMs?: number;
  /** Results kept for retry while writes fail; the oldest are dropped beyond it. */
  maxPending?: number;
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

const SCHEMA = `
CREATE TABLE IF NOT EXISTS latest (
  name TEXT PRIMARY KEY,
  result TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS history (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  probed_at INTEGER NOT NULL,
  sweep_id TEXT NOT NULL,
  score REAL,
  verdict TEXT NOT NULL,
  probes TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS history_by_name ON history (name, probed_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS history_by_time ON history (probed_at);
`;

/** A result serialised at save time, so a result that cannot be serialised never blocks the queue. */
interface PendingRow {
  name: string;
  probedAt: number;
  sweepId: string;
  score: number | null;
  verdict: string;
  probes: string;
  result: string;
}

interface HistoryRow {
  sweep_id: string;
  probed_at: number;
  score: number | null;
  verdict: HistoryEntry['verdict'];
  probes: string;
}

export class SqliteStore implements ResultStore {
  private readonly db: Database.Database;
  private readonly latestByName = new Map<string, WorkloadResult>();
  private pending: PendingRow[] = [];
  private retryTimer: NodeJS.Timeout | null = null;
  private retryDelayMs: number;
  private failures = 0;
  private lastError: string | null = null;
  private readonly write: (rows: readonly PendingRow[], cutoff: number) => void;
  private readonly selectHistory: Database.Statement<[string, number], HistoryRow>;

  constructor(private readonly o: SqliteStoreOptions) {
    this.retryDelayMs = o.retryDelayMs ?? 1000;
    this.db = openDatabase(o.file, o.busyTimeoutMs ?? 2000);
    const upsert = this.db.prepare('INSERT INTO latest (name, result) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET result = excluded.result');
    const insert = this.db.prepare('INSERT INTO history (name, probed_at, sweep_id, score, verdict, probes) VALUES (?, ?, ?, ?, ?, ?)');
    const prune = this.db.prepare('DELETE FROM history WHERE probed_at < ?');
    this.write = this.db.transaction((rows: readonly PendingRow[], cutoff: number) => {
      for (const r of rows) {
        upsert.run(r.name, r.result);
        insert.run(r.name, r.probedAt, r.sweepId, r.score, r.verdict, r.probes);
      }
      prune.run(cutoff);
    });
    this.selectHistory = this.db.prepare('SELECT sweep_id, probed_at, score, verdict, probes FROM history WHERE name = ? ORDER BY probed_at DESC, id DESC LIMIT ?');
    for (const row of this.db.prepare('SELECT result FROM latest ORDER BY rowid').all() as { result: string }[]) {
      const r = JSON.parse(row.result) as WorkloadResult;
      this.latestByName.set(r.name, r);
    }
  }

  /** Never throws: the latest results are served from memory at once, the write may follow later. */
  save(results: readonly WorkloadResult[]): void {
    for (const r of results) {
      this.latestByName.set(r.name, r);
      const row = this.serialise(r);
      if (row) this.pending.push(row);
    }
    const max = this.o.maxPending ?? 10_000;
    if (this.pending.length > max) {
      const dropped = this.pending.length - max;
      this.pending = this.pending.slice(dropped);
      this.o.logger.error({ dropped, file: this.o.file }, 'history writes keep failing; dropped the oldest unsaved results');
    }
    if (!this.retryTimer) this.flush();
  }

  /** Writes what is pending; `true` when nothing is left. Public so tests and shutdown can force it. */
  flush(): boolean {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (this.pending.length === 0) return true;
    try {
      this.write(this.pending, this.now() - this.o.retentionMs);
      this.pending = [];
      this.retryDelayMs = this.o.retryDelayMs ?? 1000;
      this.failures = 0;
      this.lastError = null;
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

  latest(): WorkloadResult[] {
    return [...this.latestByName.values()];
  }

  latestFor(name: string): WorkloadResult | undefined {
    return this.latestByName.get(name);
  }

  history(name: string, limit = 100): HistoryEntry[] {
    return this.selectHistory.all(name, limit).map((row) => ({
      sweepId: row.sweep_id,
      probedAt: new Date(row.probed_at).toISOString(),
      score: row.score,
      verdict: row.verdict,
      probes: JSON.parse(row.probes) as HistoryEntry['probes'],
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

  private serialise(r: WorkloadResult): PendingRow | null {
    try {
      const probes = JSON.stringify(historyEntry(r).probes);
      return { name: r.name, probedAt: Date.parse(r.probedAt) || this.now(), sweepId: r.sweepId, score: r.score, verdict: r.verdict, probes, result: JSON.stringify(r) };
    } catch (err) {
      this.o.logger.error({ err, workload: r.name }, 'result cannot be stored; it stays in memory only');
      return null;
    }
  }

  private now(): number {
    return (this.o.now ?? Date.now)();
  }
}

/** Opens (creating) the database, or fails at start with the path and what to do. */
function openDatabase(file: string, busyTimeoutMs: number): Database.Database {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const db = new Database(file, { timeout: busyTimeoutMs });
    db.pragma('journal_mode = WAL');
    // WAL with NORMAL sync is durable across process crashes; only an OS crash may lose the last sweep.
    db.pragma('synchronous = NORMAL');
    db.exec(SCHEMA);
    return db;
  } catch (err) {
    throw new DistroreadyError(
      'CONFIG_INVALID',
      `storage.path: cannot open the SQLite history at ${file}: ${(err as Error).message}; point storage.path at a writable file`,
      { field: 'storage.path', file },
    );
  }
}
