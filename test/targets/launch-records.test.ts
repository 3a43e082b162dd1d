/** The record of launched process groups: written at launch, gone at stop, orphans ended safely. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { launchProcess } from '../../src/targets/launch-process';
import { LaunchRecords, type LaunchRecord } from '../../src/targets/launch-records';
import { readStat } from '../../src/targets/process-watch';
import { eventually } from '../support/eventually';

const node = process.execPath;
const made: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(path.join(tmpdir(), 'distroready-records-'));
  made.push(dir);
  return dir;
};
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

function alive(pid: number): boolean {
  const stat = readStat('/proc', pid);
  return stat !== null && stat.state !== 'Z';
}

/** A detached group: a leader and one child, each printing its pid. */
async function group(): Promise<{ leader: ChildProcess; pids: number[] }> {
  const script = `const c = require('child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    console.log(process.pid + ' ' + c.pid); setInterval(() => {}, 1000);`;
  const leader = spawn(node, ['-e', script], { detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve) => leader.stdout!.once('data', (c: Buffer) => resolve(c.toString())));
  return { leader, pids: line.trim().split(' ').map(Number) };
}

/** A pid and start time that belonged to a distroready that has exited. */
async function deadOwner(): Promise<{ pid: number; startTime: string }> {
  const p = spawn(node, ['-e', 'setTimeout(() => {}, 100)'], { stdio: 'ignore' });
  const startTime = await eventually('its stat', 2000, async () => readStat('/proc', p.pid!)?.startTime);
  await new Promise((resolve) => p.once('exit', resolve));
  return { pid: p.pid!, startTime };
}

function writeRecord(dir: string, pid: number, overrides: Partial<LaunchRecord>): void {
  const stat = readStat('/proc', pid)!;
  const record: LaunchRecord = {
    version: 1,
    bootId: readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim(),
    workload: 'w',
    pid,
    pgid: stat.pgrp,
    startTime: stat.startTime,
    argv: ['node', '-e', '…'],
    launchedAt: new Date().toISOString(),
    owner: { pid: 1, startTime: '0' },
    ...overrides,
  };
  writeFileSync(path.join(dir, `${pid}.json`), JSON.stringify(record));
}

describe('LaunchRecords', () => {
  it('records a launched group with its start time, and forgets it once stopped', async () => {
    const records = new LaunchRecords(tempDir());
    const l = await launchProcess({ name: 'rec', run: { command: [node, '-e', 'setInterval(() => {}, 1000)'] }, baseDir: process.cwd(), records });
    const pid = l.process!.pid;
    const [record] = records.list();
    expect(record).toMatchObject({ workload: 'rec', pid, pgid: pid, startTime: readStat('/proc', pid)!.startTime, argv: [node, '-e', 'setInterval(() => {}, 1000)'] });
    expect(record!.owner).toEqual({ pid: process.pid, startTime: readStat('/proc', process.pid)!.startTime });
    await l.stop(500);
    expect(records.list()).toEqual([]);
  });

  it('ends the whole group of a dead owner, and removes the record', async () => {
    const dir = tempDir();
    const { leader, pids } = await group();
    writeRecord(dir, pids[0]!, { owner: await deadOwner() });
    const reaped = await new LaunchRecords(dir).reapOrphans(500);
    expect(reaped).toEqual([expect.objectContaining({ pid: pids[0], ended: 2 })]);
    await eventually('the leader reaped', 2000, async () => (leader.exitCode !== null || leader.signalCode !== null ? true : undefined));
    expect(pids.map(alive)).toEqual([false, false]);
    expect(existsSync(path.join(dir, `${pids[0]}.json`))).toBe(false);
  });

  it('never signals a reused pid: a start time that does not match leaves the process alone', async () => {
    const dir = tempDir();
    const { leader, pids } = await group();
    try {
      writeRecord(dir, pids[0]!, { owner: await deadOwner(), startTime: '1' });
      const reaped = await new LaunchRecords(dir).reapOrphans(200);
      expect(reaped).toEqual([expect.objectContaining({ ended: 0 })]);
      expect(pids.map(alive)).toEqual([true, true]);
      expect(existsSync(path.join(dir, `${pids[0]}.json`))).toBe(false);
    } finally {
      process.kill(-leader.pid!, 'SIGKILL');
    }
  });

  it('leaves the groups of a live distroready alone (a serve and a check may share the directory)', async () => {
    const dir = tempDir();
    const { leader, pids } = await group();
    try {
      writeRecord(dir, pids[0]!, { owner: { pid: process.pid, startTime: readStat('/proc', process.pid)!.startTime } });
      expect(await new LaunchRecords(dir).reapOrphans(200)).toEqual([]);
      expect(pids.map(alive)).toEqual([true, true]);
      expect(existsSync(path.join(dir, `${pids[0]}.json`))).toBe(true);
    } finally {
      process.kill(-leader.pid!, 'SIGKILL');
    }
  });

  it('skips malformed, oversized and non-leader records, and never signals its own process group', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, '1.json'), '{"version":1,"pid":1,"pgid":1}');
    writeFileSync(path.join(dir, '2.json'), 'not json');
    writeFileSync(path.join(dir, '3.json'), `"${'x'.repeat(70 * 1024)}"`);
    const records = new LaunchRecords(dir);
    expect(records.list()).toEqual([]);
    // A record that is not of a group leader is refused outright.
    const { leader, pids } = await group();
    try {
      writeRecord(dir, pids[1]!, { owner: await deadOwner(), pgid: pids[0]! });
      expect(records.list()).toEqual([]);
    } finally {
      process.kill(-leader.pid!, 'SIGKILL');
    }
    // A record naming the process group this very process runs in (its leader alive, start time matching).
    const ownGroup = readStat('/proc', process.pid)!.pgrp;
    writeRecord(dir, ownGroup, { owner: await deadOwner() });
    expect(await records.reapOrphans(100)).toEqual([expect.objectContaining({ pid: ownGroup, ended: 0 })]);
  });
});
