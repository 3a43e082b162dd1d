import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import pino from 'pino';
import type { CompactResult } from '../../src/model';
import { SqliteStore } from '../../src/store/sqlite-store';
import { REACHED } from '../support/results';

const HOUR = 3_600_000;

function result(name: string, score: number, probedAt: string, sweepId = 's1', slow: 'pass' | 'fail' = 'pass'): CompactResult {
  return {
    name,
    score,
    verdict: score >= 90 ? 'ready' : 'caveats',
    blockers: [],
    reach: REACHED,
    incomplete: [],
    probes: { health: { status: 'pass', facts: { slowestMs: 3 }, durationMs: 3 } },
    checks: [
      { id: 'healthSlow', probe: 'health', status: slow, severity: 'normal', evidence: [`GET /livez → 200 in ${Math.round(Math.random() * 9)} ms`], values: { slowestMs: '3' } },
      { id: 'healthLivenessMissing', probe: 'health', status: 'pass', severity: 'important', evidence: [] },
    ],
    probedAt,
    sweepId,
  };
}

/** A logger whose records the test can read. */
function recordingLogger(): { logger: pino.Logger; records: { level: number; msg: string }[] } {
  const records: { level: number; msg: string }[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void records.push(JSON.parse(line) as { level: number; msg: string }) });
  return { logger, records };
}

describe('SqliteStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'distroready-store-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates its directory, uses WAL, and keeps the latest result and its changes across a restart', () => {
    const file = path.join(dir, 'nested', 'deeper', 'history.db');
    const { logger } = recordingLogger();
    const now = (): number => Date.parse('2026-01-01T12:00:00Z');
    const first = new SqliteStore({ file, retentionMs: 24 * HOUR, logger, now });
    first.save([result('checkout', 70, '2026-01-01T10:00:00.000Z', 'a')]);
    first.save([result('checkout', 95, '2026-01-01T11:00:00.000Z', 'b', 'fail')]);
    first.close();

    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();

    const second = new SqliteStore({ file, retentionMs: 24 * HOUR, logger, now });
    expect(second.latestFor('checkout')?.score).toBe(95);
    expect(second.latest().map((r) => r.name)).toEqual(['checkout']);
    expect(second.history('checkout')).toEqual([
      { sweepId: 'b', probedAt: '2026-01-01T11:00:00.000Z', score: 95, verdict: 'ready', probes: { health: 'pass' }, changes: [{ check: 'healthSlow', status: 'fail' }] },
      {
        sweepId: 'a',
        probedAt: '2026-01-01T10:00:00.000Z',
        score: 70,
        verdict: 'caveats',
        probes: { health: 'pass' },
        changes: [
          { check: 'healthSlow', status: 'pass' },
          { check: 'healthLivenessMissing', status: 'pass' },
        ],
      },
    ]);
    expect(second.history('checkout', 1)).toHaveLength(1);
    expect(second.history('nobody')).toEqual([]);
    second.close();
  });

  it('writes a result that did not change only once its stored copy is old, and adds no history for it', () => {
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const { logger } = recordingLogger();
    const store = new SqliteStore({ file: path.join(dir, 'h.db'), retentionMs: 24 * HOUR, logger, refreshMs: 10 * 60_000, now: () => clock });
    // Two sweeps a minute for an hour: the same judged state, evidence with other latencies each time.
    for (let i = 0; i < 120; i++) {
      store.save([result('api', 80, new Date(clock).toISOString(), `s${i}`)]);
      store.flush();
      clock += 30_000;
    }
    expect(store.written).toMatchObject({ results: 6, changes: 1 });
    // What is served is always the newest, written or not.
    expect(store.latestFor('api')?.sweepId).toBe('s119');
    store.close();
  });

  it('holds a workload to the stated daily bound: no history rows when steady, one bounded row per change', () => {
    // README, "Storage": at a 30 s interval, a day is 2,880 sweeps.
    const SWEEPS_A_DAY = 2880;
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const { logger } = recordingLogger();
    const store = new SqliteStore({ file: path.join(dir, 'bound.db'), retentionMs: 720 * HOUR, logger, now: () => clock });
    for (let i = 0; i < SWEEPS_A_DAY; i++) {
      const at = new Date(clock).toISOString();
      store.save([result('steady', 80, at, `s${i}`), result('flapping', 80, at, `s${i}`, i % 2 === 0 ? 'pass' : 'fail')]);
      store.flush();
      clock += 30_000;
    }
    store.close();
    const db = new Database(path.join(dir, 'bound.db'), { readonly: true });
    const rows = (name: string): { n: number; bytes: number } =>
      db.prepare('SELECT count(*) AS n, coalesce(sum(length(sweep_id) + length(verdict) + length(probes) + length(checks) + 32), 0) AS bytes FROM changes c JOIN results r ON r.id = c.workload WHERE r.name = ?').get(name) as { n: number; bytes: number };
    // A steady workload: its first state, then nothing; its result row rewritten in place every 10 minutes.
    expect(rows('steady').n).toBe(1);
    // A workload whose state changes every sweep: one row each, within the README's 150 bytes + 50 per changed check.
    const flapping = rows('flapping');
    expect(flapping.n).toBe(SWEEPS_A_DAY);
    expect(flapping.bytes / flapping.n).toBeLessThanOrEqual(200);
    expect(db.prepare('SELECT count(*) AS n FROM results').get()).toEqual({ n: 2 });
    db.close();
  });

  it('deletes history older than the retention, keeping each workload\'s newest entry', () => {
    const { logger } = recordingLogger();
    const now = Date.parse('2026-01-10T00:00:00Z');
    const store = new SqliteStore({ file: path.join(dir, 'h.db'), retentionMs: 48 * HOUR, logger, now: () => now });
    store.save([result('api', 50, '2026-01-01T00:00:00.000Z', 'old'), result('quiet', 50, '2026-01-01T00:00:00.000Z', 'old')]);
    store.flush();
    store.save([result('api', 60, '2026-01-09T00:00:00.000Z', 'recent')]);
    store.flush();
    store.close();
    const reopened = new SqliteStore({ file: path.join(dir, 'h.db'), retentionMs: 48 * HOUR, logger, now: () => now });
    reopened.save([result('api', 70, '2026-01-09T01:00:00.000Z', 'newest')]);
    reopened.flush();
    expect(reopened.history('api').map((h) => h.sweepId)).toEqual(['newest', 'recent']);
    // Unchanged since long before the retention: its one entry still says what it is.
    expect(reopened.history('quiet').map((h) => h.sweepId)).toEqual(['old']);
    reopened.close();
  });

  it('logs a failed write, keeps serving, and writes it on retry', () => {
    const file = path.join(dir, 'busy.db');
    const { logger, records } = recordingLogger();
    const store = new SqliteStore({ file, retentionMs: HOUR * 24, logger, busyTimeoutMs: 0, retryDelayMs: 60_000, now: () => Date.parse('2026-01-01T00:30:00Z') });
    // Another connection holds the write lock, as a backup tool or a second instance might.
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    expect(() => store.save([result('api', 80, '2026-01-01T00:00:00.000Z')])).not.toThrow();
    expect(store.flush()).toBe(false);
    expect(records.some((r) => r.level === 40 && r.msg === 'history write failed; will retry')).toBe(true);
    expect(store.latestFor('api')?.score).toBe(80);
    expect(store.history('api')).toEqual([]);

    other.exec('COMMIT');
    other.close();
    expect(store.flush()).toBe(true);
    expect(store.history('api').map((h) => h.score)).toEqual([80]);
    store.close();
  });

  it('drops the oldest unsaved results beyond the bound while writes fail', () => {
    const file = path.join(dir, 'bounded.db');
    const { logger, records } = recordingLogger();
    const store = new SqliteStore({ file, retentionMs: HOUR * 24, logger, busyTimeoutMs: 0, retryDelayMs: 60_000, maxPending: 2, now: () => Date.parse('2026-01-01T00:30:00Z') });
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    for (const [i, minute] of ['01', '02', '03'].entries()) {
      store.save([result('api', 10 * (i + 1), `2026-01-01T00:${minute}:00.000Z`)]);
      store.flush();
    }
    expect(records.some((r) => r.level === 50 && /dropped the oldest/.test(r.msg))).toBe(true);
    other.exec('COMMIT');
    other.close();
    store.flush();
    expect(store.history('api').map((h) => h.score)).toEqual([30, 20]);
    store.close();
  });

  it('writes what finished in one turn of the event loop in the next, without being asked', async () => {
    const { logger } = recordingLogger();
    const store = new SqliteStore({ file: path.join(dir, 'auto.db'), retentionMs: HOUR, logger });
    store.save([result('a', 80, new Date().toISOString())]);
    store.save([result('b', 80, new Date().toISOString())]);
    expect(store.written.results).toBe(0);
    await new Promise((r) => setImmediate(r));
    expect(store.written.results).toBe(2);
    store.close();
  });

  it('carries a database of the first layout over: its latest results and per-sweep history', () => {
    const file = path.join(dir, 'old.db');
    const old = new Database(file);
    old.exec(`CREATE TABLE latest (name TEXT PRIMARY KEY, result TEXT NOT NULL);
      CREATE TABLE history (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, probed_at INTEGER NOT NULL, sweep_id TEXT NOT NULL, score REAL, verdict TEXT NOT NULL, probes TEXT NOT NULL);`);
    old.prepare('INSERT INTO latest VALUES (?, ?)').run('api', JSON.stringify(result('api', 90, '2026-01-01T00:00:00.000Z', 'x')));
    old.prepare('INSERT INTO history (name, probed_at, sweep_id, score, verdict, probes) VALUES (?, ?, ?, ?, ?, ?)').run('api', Date.parse('2026-01-01T00:00:00Z'), 'x', 90, 'ready', '{"health":"pass"}');
    old.close();
    const { logger } = recordingLogger();
    const store = new SqliteStore({ file, retentionMs: 720 * HOUR, logger, now: () => Date.parse('2026-01-01T01:00:00Z') });
    expect(store.latestFor('api')?.sweepId).toBe('x');
    expect(store.history('api')).toEqual([{ sweepId: 'x', probedAt: '2026-01-01T00:00:00.000Z', score: 90, verdict: 'ready', probes: { health: 'pass' }, changes: [] }]);
    store.close();
  });

  it('fails at start with the config key and the path when the database cannot be opened', () => {
    const notADir = path.join(dir, 'file');
    writeFileSync(notADir, 'x');
    const { logger } = recordingLogger();
    expect(() => new SqliteStore({ file: path.join(notADir, 'h.db'), retentionMs: HOUR, logger })).toThrow(/storage\.path: cannot open the SQLite history at .*file\/h\.db/);
  });
});

describe('SqliteStore with a result that cannot be serialised', () => {
  it('keeps it in memory, logs it, and still writes the others', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'distroready-store-'));
    try {
      const { logger, records } = recordingLogger();
      const store = new SqliteStore({ file: path.join(dir, 'h.db'), retentionMs: 24 * HOUR, logger, now: () => Date.parse('2026-01-01T12:00:00Z') });
      const odd = result('odd', 50, '2026-01-01T11:00:00.000Z');
      odd.probes.health!.facts = { big: BigInt(1) };
      store.save([odd, result('fine', 90, '2026-01-01T11:00:00.000Z')]);
      store.flush();
      expect(records.some((r) => r.level === 50 && r.msg === 'result cannot be stored; it stays in memory only')).toBe(true);
      expect(store.latestFor('odd')?.score).toBe(50);
      expect(store.history('fine')).toHaveLength(1);
      store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
