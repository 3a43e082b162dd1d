/**
 * The history database's tables. Results are rewritten only when a workload's judged state
 * changes (or its stored copy is old); history keeps one row per change, not per sweep;
 * one row per sweep records that the sweep ran. So what a day adds is bounded by what
 * changed, not by how often distroready looked (see README, "Storage").
 */
import type Database from 'better-sqlite3';

/** `PRAGMA user_version` of this layout; 0 is the first layout (one history row per sweep). */
export const SCHEMA_VERSION = 2;

const TABLES = `
CREATE TABLE IF NOT EXISTS results (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  written_at INTEGER NOT NULL,
  result TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS changes (
  id INTEGER PRIMARY KEY,
  workload INTEGER NOT NULL,
  probed_at INTEGER NOT NULL,
  sweep_id TEXT NOT NULL,
  score INTEGER,
  verdict TEXT NOT NULL,
  probes TEXT NOT NULL,
  checks TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS changes_by_workload ON changes (workload, id);
CREATE TABLE IF NOT EXISTS sweeps (
  sweep_id TEXT PRIMARY KEY,
  started_at INTEGER NOT NULL,
  finished_at INTEGER NOT NULL,
  workloads INTEGER NOT NULL
) WITHOUT ROWID;
`;

/** Creates the tables, carrying a first-layout database over (its latest results and per-sweep history). */
export function ensureSchema(db: Database.Database, now: number): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version === SCHEMA_VERSION) return;
  db.transaction(() => {
    db.exec(TABLES);
    const old = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('latest', 'history')").all() as { name: string }[];
    if (old.some((t) => t.name === 'latest')) {
      db.prepare('INSERT OR IGNORE INTO results (name, written_at, result) SELECT name, ?, result FROM latest').run(now);
      db.exec('DROP TABLE latest');
    }
    if (old.some((t) => t.name === 'history')) {
      db.exec(`INSERT INTO changes (workload, probed_at, sweep_id, score, verdict, probes, checks)
        SELECT r.id, h.probed_at, h.sweep_id, h.score, h.verdict, h.probes, '[]' FROM history h JOIN results r ON r.name = h.name ORDER BY h.probed_at, h.id`);
      db.exec('DROP TABLE history');
    }
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
}
