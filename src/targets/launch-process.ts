/**
 * Launches a `run` workload: argv without a shell, its own process group (so stopping it
 * stops its children too), stdout and stderr as real pipes captured line by line into a
 * bounded buffer, its OpenTelemetry exporter pointed at distroready's receiver, and a
 * record on disk of the group so a later distroready can end it if this one is killed.
 *
 * A port that already accepts connections before the launch is someone else's: probing it
 * would judge that process as if it were the workload, so the launch fails instead.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { tcpAccepts } from '../net/tcp-connect';
import { LineBuffer } from '../../probes/shared/line-buffer';
import type { LaunchRecords } from './launch-records';
import { findPortOwner, type PortOwner } from './port-owner';
import { readStat, watchProcessTree } from './process-watch';
import { openStdPipes } from './std-pipes';
import type { RunConfig, RunningProcess } from './target';
import { waitForPort } from './wait-for-port';

/** Why a launch failed; `Launched.error` says it in words. */
export const LAUNCH_FAILURES = ['not-found', 'spawn-failed', 'exited', 'port-never-opened', 'port-in-use'] as const;
export type LaunchFailure = (typeof LAUNCH_FAILURES)[number];

export interface LaunchOptions {
  name: string;
  run: RunConfig;
  baseDir: string;
  /** Where the workload should export OTLP (e.g. `http://127.0.0.1:4318`). */
  otlpEndpoint?: string;
  /** Extra environment distroready adds (e.g. a short `OTEL_BSP_SCHEDULE_DELAY`). */
  extraEnv?: Record<string, string>;
  maxLines?: number;
  maxLineBytes?: number;
  /** Where launched groups are recorded; unrecorded when absent. */
  records?: LaunchRecords;
  signal?: AbortSignal;
}

export interface Launched {
  /** Absent when nothing was started (the port was already taken). */
  process?: RunningProcess;
  /** Set when the workload did not come up: not found, exited early, port never opened or taken. */
  error?: string;
  /** The failure's code, set with `error`. */
  cause?: LaunchFailure;
  stop(graceMs?: number): Promise<void>;
}

type Exit = { code: number | null; signal: string | null };

const live = new Map<ChildProcess, () => void>();

/** Kills every process group still running; called when distroready itself exits. */
export function killAllLaunched(): void {
  for (const [child, forget] of live) {
    if (child.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
    forget();
  }
}
process.once('exit', killAllLaunched);

/** Signals the whole group; the leader's pid is the group id (spawned `detached`). */
function signalGroup(pgid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(-pgid, sig);
  } catch {
    /* the group is gone */
  }
}

const workDir = (opts: LaunchOptions): string => path.resolve(opts.baseDir, opts.run.cwd ?? '.');

/** The workload gets our PATH and locale, not our secrets or our own OTel settings. */
function childEnv(opts: LaunchOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('OTEL_') && !k.startsWith('DISTROREADY_')) env[k] = v;
  }
  if (opts.otlpEndpoint) env.OTEL_EXPORTER_OTLP_ENDPOINT = opts.otlpEndpoint;
  env.OTEL_SERVICE_NAME = opts.name;
  return { ...env, ...opts.extraEnv, ...opts.run.env };
}

export async function launchProcess(opts: LaunchOptions): Promise<Launched> {
  const port = opts.run.port;
  if (port !== undefined && (await tcpAccepts('127.0.0.1', port, 500, opts.signal))) {
    return { error: portInUse(port), cause: 'port-in-use', stop: () => Promise.resolve() };
  }
  const output = new LineBuffer({ maxLines: opts.maxLines, maxLineBytes: opts.maxLineBytes });
  const pipes = await openStdPipes();
  const [command, ...args] = opts.run.command as [string, ...string[]];
  let child: ChildProcess;
  try {
    child = spawn(command, args, { cwd: workDir(opts), env: childEnv(opts), stdio: pipes.stdio, detached: true, shell: false });
  } catch (err) {
    // Node refuses some argv outright (a NUL byte in an argument): nothing started.
    pipes.close();
    return { error: `could not start ${command}: ${(err as Error).message}`, cause: 'spawn-failed', stop: () => Promise.resolve() };
  }
  const streams = pipes.afterSpawn(child);
  const drained = capture(streams, output);
  const pid = child.pid;
  const forget = (): void => {
    live.delete(child);
    if (pid !== undefined) opts.records?.remove(pid);
  };
  if (pid !== undefined) {
    live.set(child, forget);
    opts.records?.add(opts.name, pid, opts.run.command);
  }
  // Watch from the first moment: a shell spawned during start-up counts as much as one later.
  const children = pid !== undefined ? watchProcessTree(pid) : undefined;
  const life = trackExit(child, opts, () => {
    children?.stop();
    // Its output is read to the end, bounded: a grandchild may keep the pipe open.
    return Promise.race([drained, sleep(500)]);
  });
  const running: RunningProcess = { pid: pid ?? -1, output, alive: () => life.exited() === null, exit: life.exited, children, stdio: pipes.kind };
  let stopping: Promise<void> | null = null;
  const stop = (graceMs = 3000): Promise<void> => {
    stopping ??= stopGroup(pid, graceMs, () => life.exited() !== null, life.settled).finally(() => {
      pipes.close();
      forget();
    });
    return stopping;
  };
  const failure = await waitUntilUp(opts, life, pid, () => children?.spawned().map((p) => p.pid) ?? []);
  return { process: running, ...failure, stop };
}

interface Life {
  /** `null` while the leader runs. */
  exited(): Exit | null;
  spawnError(): { cause: LaunchFailure; message: string } | undefined;
  /** Resolves once the leader is gone and `onExit`'s promise settled. */
  settled: Promise<void>;
}

function trackExit(child: ChildProcess, opts: LaunchOptions, onExit: () => Promise<unknown>): Life {
  const command = opts.run.command[0]!;
  let spawnError: { cause: LaunchFailure; message: string } | undefined;
  let exited: Exit | null = null;
  const settled = new Promise<void>((resolve) => {
    const done = (): void => void onExit().then(() => resolve());
    child.once('error', (err: NodeJS.ErrnoException) => {
      spawnError =
        err.code !== 'ENOENT'
          ? { cause: 'spawn-failed', message: `could not start ${command}: ${err.message}` }
          : existsSync(workDir(opts))
            ? { cause: 'not-found', message: `command not found: ${command} (cwd ${opts.run.cwd ?? '.'})` }
            : { cause: 'not-found', message: `run.cwd not found: ${workDir(opts)} does not exist` };
      exited ??= { code: null, signal: null };
      done();
    });
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      done();
    });
  });
  return { exited: () => exited, spawnError: () => spawnError, settled };
}

/** Feeds both streams into the buffer; resolves when both have ended. */
function capture(streams: { stdout: NodeJS.ReadableStream; stderr: NodeJS.ReadableStream }, output: LineBuffer): Promise<void> {
  const one = (stream: NodeJS.ReadableStream, splitter: ReturnType<LineBuffer['splitter']>): Promise<void> =>
    new Promise((resolve) => {
      stream.on('data', (c: Buffer) => splitter.write(c));
      stream.once('end', () => {
        splitter.end();
        resolve();
      });
      stream.once('close', () => resolve());
    });
  return Promise.all([one(streams.stdout, output.splitter('stdout')), one(streams.stderr, output.splitter('stderr'))]).then(() => undefined);
}

/** SIGTERM to the group, SIGKILL after the grace, and SIGKILL again for stragglers. */
async function stopGroup(pid: number | undefined, graceMs: number, exited: () => boolean, settled: Promise<void>): Promise<void> {
  if (pid === undefined) return;
  if (!exited()) {
    signalGroup(pid, 'SIGTERM');
    const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
    await settled;
    clearTimeout(timer);
  }
  // The leader is gone; make sure nothing it spawned outlives it.
  signalGroup(pid, 'SIGKILL');
}

async function waitUntilUp(opts: LaunchOptions, life: Life, pid: number | undefined, watched: () => number[]): Promise<{ error?: string; cause?: LaunchFailure }> {
  const timeoutMs = opts.run.startTimeoutMs ?? 15_000;
  const port = opts.run.port;
  if (port === undefined) {
    // No port to wait for: give it a moment to fail fast (missing module, bad flag).
    await Promise.race([sleep(500), life.settled]);
  } else {
    const result = await waitForPort('127.0.0.1', port, timeoutMs, () => life.exited() !== null, opts.signal);
    if (result === 'timeout') return { cause: 'port-never-opened', error: `port ${port} did not open within ${timeoutMs} ms` };
    // Free before the launch, open now: but by whom? Another process may have bound it meanwhile.
    const stranger = result === 'open' && pid !== undefined ? strangerOnPort(port, pid, watched()) : null;
    if (stranger) {
      return { cause: 'port-in-use', error: `port ${port} was taken by another process (pid ${stranger.pid}, \`${stranger.command}\`) while the workload started — distroready would be probing it, not your workload` };
    }
  }
  if (life.exited()) await life.settled; // its last words (a missing config, a bad flag) belong in the report
  const err = life.spawnError();
  if (err) return { cause: err.cause, error: err.message };
  const ex = life.exited();
  if (ex) {
    const how = ex.signal ? `was killed by ${ex.signal}` : `exited with code ${ex.code}`;
    return { cause: 'exited', error: `${opts.run.command.join(' ')} ${how} before ${port ? `opening port ${port}` : 'the probes ran'}` };
  }
  return {};
}

/** The port's listener when it is provably not the workload's (not in its group, not one it spawned). */
function strangerOnPort(port: number, leader: number, spawned: number[]): PortOwner | null {
  const owner = findPortOwner(port, { first: [leader, ...spawned] });
  if (!owner || owner.pid === leader || spawned.includes(owner.pid)) return null;
  const stat = readStat('/proc', owner.pid);
  // Gone meanwhile, or unreadable: no proof it is a stranger.
  return stat && stat.pgrp !== leader ? owner : null;
}

function portInUse(port: number): string {
  const owner = findPortOwner(port);
  const who = owner ? ` (pid ${owner.pid}, \`${owner.command}\`)` : '';
  return `port ${port} is already in use by another process${who} — distroready would be probing it, not your workload; stop it or give run.port a free port`;
}
