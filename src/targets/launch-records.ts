/**
 * A record on disk of the process groups distroready launched, so a distroready killed
 * with SIGKILL (no exit handler runs) does not leave its workloads holding their ports:
 * the next one ends them at start. Without it, the restarted `serve` probes the orphan as
 * if it were its own launch, sees none of its output, and flips a ready workload to
 * not-ready.
 *
 * One small JSON file per group (`<pid>.json`, written atomically), so parallel launches
 * never rewrite each other's state. A group is ended only when all of these hold: the
 * record is from this boot, the distroready that wrote it is gone (a `serve` and a `check`
 * may share the directory), and the recorded leader still has the start time recorded
 * from `/proc/<pid>/stat` — a reused pid is never signalled. When the leader itself is
 * gone but members of its group live on, they are still ours: Linux does not hand out a
 * pid while a process group of that number has members.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { readStat } from './process-watch';

export interface LaunchRecord {
  version: 1;
  /** `/proc/sys/kernel/random/boot_id`: pids and start times mean nothing across a reboot. */
  bootId: string;
  workload: string;
  pid: number;
  /** The process group (the leader's pid: workloads start as group leaders). */
  pgid: number;
  /** Field 22 of `/proc/<pid>/stat`, clock ticks after boot. */
  startTime: string;
  argv: string[];
  launchedAt: string;
  /** The distroready process that launched it. */
  owner: { pid: number; startTime: string };
}

/** What `reapOrphans` did with one record. */
export interface ReapedGroup {
  workload: string;
  pid: number;
  pgid: number;
  argv: string[];
  /** Members of the group found alive and signalled (0: it was already gone). */
  ended: number;
  /** Whether SIGKILL was needed after SIGTERM's grace. */
  killed: boolean;
}

const MAX_RECORD_BYTES = 64 * 1024;
const MAX_RECORDS = 10_000;

/** The records' directory for a config: beside the result history. */
export function launchRecordsDir(storagePath: string): string {
  return path.join(path.dirname(storagePath), 'launched');
}

export class LaunchRecords {
  private readonly self: { pid: number; startTime: string } | null;
  private readonly bootId: string;

  constructor(
    readonly dir: string,
    private readonly procRoot = '/proc',
  ) {
    const stat = readStat(procRoot, process.pid);
    this.self = stat ? { pid: process.pid, startTime: stat.startTime } : null;
    this.bootId = readBootId(procRoot);
  }

  /**
   * Notes a launched group. Best effort: an unwritable directory (a read-only root
   * filesystem) leaves the launch unrecorded, and says why in the returned error.
   */
  add(workload: string, pid: number, argv: readonly string[]): string | null {
    const stat = readStat(this.procRoot, pid);
    if (!stat || !this.self) return `cannot read /proc/${pid}/stat`;
    const record: LaunchRecord = {
      version: 1,
      bootId: this.bootId,
      workload,
      pid,
      pgid: stat.pgrp,
      startTime: stat.startTime,
      argv: argv.slice(0, 64).map((a) => a.slice(0, 1000)),
      launchedAt: new Date().toISOString(),
      owner: this.self,
    };
    try {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      const file = this.file(pid);
      writeFileSync(`${file}.tmp`, JSON.stringify(record), { mode: 0o600 });
      renameSync(`${file}.tmp`, file);
      return null;
    } catch (err) {
      return `cannot record the launch in ${this.dir}: ${(err as Error).message}`;
    }
  }

  /** Drops the record of a group that was stopped. */
  remove(pid: number): void {
    rmSync(this.file(pid), { force: true });
  }

  /** The records currently on disk (unreadable or malformed ones are skipped). */
  list(): LaunchRecord[] {
    let names: string[];
    try {
      names = readdirSync(this.dir).filter((n) => /^\d+\.json$/.test(n)).slice(0, MAX_RECORDS);
    } catch {
      return [];
    }
    return names.map((n) => readRecord(path.join(this.dir, n))).filter((r): r is LaunchRecord => r !== null);
  }

  /**
   * Ends the groups recorded by distroready processes that are gone: SIGTERM, then SIGKILL
   * after `graceMs`. Records of live owners are left alone; stale ones are removed.
   */
  async reapOrphans(graceMs = 2000): Promise<ReapedGroup[]> {
    const reaped: ReapedGroup[] = [];
    for (const record of this.list()) {
      if (record.bootId === this.bootId && this.alive(record.owner.pid, record.owner.startTime)) continue;
      const members = record.bootId === this.bootId ? this.members(record) : [];
      let killed = false;
      if (members.length > 0) killed = await this.endGroup(record, graceMs);
      this.remove(record.pid);
      reaped.push({ workload: record.workload, pid: record.pid, pgid: record.pgid, argv: record.argv, ended: members.length, killed });
    }
    return reaped;
  }

  private file(pid: number): string {
    return path.join(this.dir, `${pid}.json`);
  }

  private alive(pid: number, startTime: string): boolean {
    const stat = readStat(this.procRoot, pid);
    return stat !== null && stat.state !== 'Z' && stat.startTime === startTime;
  }

  /** Live members of the recorded group that are provably ours; none if the pid was reused. */
  private members(record: LaunchRecord): number[] {
    // Never our own group, whatever a record says.
    if (record.pgid === readStat(this.procRoot, process.pid)?.pgrp) return [];
    const leader = readStat(this.procRoot, record.pid);
    if (leader && leader.state !== 'Z' && leader.startTime !== record.startTime) return [];
    const found: number[] = [];
    let entries: string[];
    try {
      entries = readdirSync(this.procRoot).filter((n) => /^\d+$/.test(n));
    } catch {
      return [];
    }
    for (const name of entries) {
      const stat = readStat(this.procRoot, Number(name));
      if (stat && stat.pgrp === record.pgid && stat.state !== 'Z' && Number(stat.startTime) >= Number(record.startTime)) found.push(Number(name));
    }
    return found;
  }

  private async endGroup(record: LaunchRecord, graceMs: number): Promise<boolean> {
    signalGroup(record.pgid, 'SIGTERM');
    const deadline = Date.now() + graceMs;
    while (Date.now() < deadline) {
      if (this.members(record).length === 0) return false;
      await sleep(50);
    }
    signalGroup(record.pgid, 'SIGKILL');
    // SIGKILL is not instant either: wait (bounded) until the port is really free.
    for (let i = 0; i < 40 && this.members(record).length > 0; i++) await sleep(25);
    return true;
  }
}

/** Ends the orphans of a killed distroready and logs each; call at start, before the first sweep. */
export async function reapOrphanedLaunches(records: LaunchRecords | undefined, logger: Logger): Promise<void> {
  for (const g of (await records?.reapOrphans()) ?? []) {
    if (g.ended === 0) continue;
    logger.warn({ workload: g.workload, pid: g.pid, argv: g.argv, processes: g.ended, sigkill: g.killed }, 'ended a workload left running by a distroready that was killed');
  }
}

function signalGroup(pgid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(-pgid, sig);
  } catch {
    /* the group is gone */
  }
}

function readBootId(procRoot: string): string {
  try {
    return readFileSync(`${procRoot}/sys/kernel/random/boot_id`, 'utf8').trim();
  } catch {
    return 'unknown';
  }
}

function readRecord(file: string): LaunchRecord | null {
  try {
    const st = statSync(file);
    // Only records this user wrote: a record names a process group to signal.
    if (st.size > MAX_RECORD_BYTES || (process.geteuid && st.uid !== process.geteuid())) return null;
    const r = JSON.parse(readFileSync(file, 'utf8')) as Partial<LaunchRecord>;
    const ok =
      r.version === 1 &&
      typeof r.bootId === 'string' &&
      typeof r.workload === 'string' &&
      Number.isInteger(r.pid) &&
      Number.isInteger(r.pgid) &&
      (r.pgid as number) > 1 &&
      r.pgid === r.pid && // workloads are launched as group leaders
      typeof r.startTime === 'string' &&
      /^\d+$/.test(r.startTime) &&
      Array.isArray(r.argv) &&
      Number.isInteger(r.owner?.pid) &&
      typeof r.owner?.startTime === 'string';
    return ok ? (r as LaunchRecord) : null;
  } catch {
    return null;
  }
}
