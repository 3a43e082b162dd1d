import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import pino from 'pino';
import type { WorkloadResult } from '../../src/model';
import { SqliteStore } from '../../src/store/sqlite-store';
import { REACHED } from '../support/results';

const HOUR = 3_600_000;

function result(name: string, score: number, probedAt: string, sweepId = 's1'): WorkloadResult {
  return {
    name,
    score,
    verdict: score >= 90 ? 'ready' : 'caveats',
    blockers: [],
    reach: REACHED,
    incomplete: [],
    probes: { health: { status: 'pass', facts: { livenessStatus: 200 }, durationMs: 3 } },
    checks: [],
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

  it('creates its directory, uses WAL, and keeps history and the latest result across a restart', () => {
    const file = path.join(dir, 'nested', 'deeper', 'history.db');
    const { logger } = recordingLogger();
    const now = (): number => Date.parse('2026-01-01T12:00:00Z');
    const first = new SqliteStore({ file, retentionMs: 24 * HOUR, logger, now });
    first.save([result('checkout', 70, '2026-01-01T10:00:00.000Z', 'a')]);
    first.save([result('checkout', 95, '2026-01-01T11:00:00.000Z', 'b')]);
    first.close();

    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();

    const second = new SqliteStore({ file, retentionMs: 24 * HOUR, logger, now });
    expect(second.latestFor('checkout')?.score).toBe(95);
    expect(second.latest().map((r) => r.name)).toEqual(['checkout']);
    expect(second.history('checkout')).toEqual([
      { sweepId: 'b', probedAt: '2026-01-01T11:00:00.000Z', score: 95, verdict: 'ready', probes: { health: 'pass' } },
      { sweepId: 'a', probedAt: '2026-01-01T10:00:00.000Z', score: 70, verdict: 'caveats', probes: { health: 'pass' } },
    ]);
    expect(second.history('checkout', 1)).toHaveLength(1);
    expect(second.history('nobody')).toEqual([]);
    second.close();
  });

  it('deletes history older than the retention', () => {
    const { logger } = recordingLogger();
    const now = Date.parse('2026-01-10T00:00:00Z');
    const store = new SqliteStore({ file: path.join(dir, 'h.db'), retentionMs: 48 * HOUR, logger, now: () => now });
    store.save([result('api', 50, '2026-01-01T00:00:00.000Z', 'old')]);
    store.save([result('api', 60, '2026-01-09T00:00:00.000Z', 'recent')]);
    expect(store.history('api').map((h) => h.sweepId)).toEqual(['recent']);
    store.close();
  });

  it('logs a failed write, keeps serving, and writes it on retry', () => {
    const file = path.join(dir, 'busy.db');
    const { logger, records } = recordingLogger();
    const store = new SqliteStore({ file, retentionMs: HOUR * 24, logger, busyTimeoutMs: 0, retryDelayMs: 60_000, now: () => Date.parse('2026-01-01T00:30:00Z') });
    // Another connection holds the write lock, as a backup tool or a second instance might.
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    expect(() => store.save([result('api', 80, '2026-01-01T00:00:00.000Z')])).not.toThrow();
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
    for (const [i, minute] of ['01', '02', '03'].entries()) store.save([result('api', 10 * (i + 1), `2026-01-01T00:${minute}:00.000Z`)]);
    expect(records.some((r) => r.level === 50 && /dropped the oldest/.test(r.msg))).toBe(true);
    other.exec('COMMIT');
    other.close();
    store.flush();
    expect(store.history('api').map((h) => h.score)).toEqual([30, 20]);
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
      expect(records.some((r) => r.level === 50 && r.msg === 'result cannot be stored; it stays in memory only')).toBe(true);
      expect(store.latestFor('odd')?.score).toBe(50);
      expect(store.history('fine')).toHaveLength(1);
      store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
