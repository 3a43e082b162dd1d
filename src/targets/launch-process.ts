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
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { tcpAccepts } from '../net/tcp-connect';
import { LineBuffer } from './line-buffer';
import type { LaunchRecords } from './launch-records';
import { findPortOwner } from './port-owner';
import { watchProcessTree } from './process-watch';
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
  const child = spawn(command, args, {
    cwd: path.resolve(opts.baseDir, opts.run.cwd ?? '.'),
    env: childEnv(opts),
    stdio: pipes.stdio,
    detached: true,
    shell: false,
  });
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
  let spawnError: { cause: LaunchFailure; message: string } | undefined;
  let exited: Exit | null = null;
  // Settles once the leader is gone and its output is read (bounded: a grandchild may keep the pipe).
  const settled = new Promise<void>((resolve) => {
    const done = (): void => {
      children?.stop();
      void Promise.race([drained, sleep(500)]).then(() => resolve());
    };
    child.once('error', (err: NodeJS.ErrnoException) => {
      spawnError =
        err.code === 'ENOENT'
          ? { cause: 'not-found', message: `command not found: ${command} (cwd ${opts.run.cwd ?? '.'})` }
          : { cause: 'spawn-failed', message: `could not start ${command}: ${err.message}` };
      exited ??= { code: null, signal: null };
      done();
    });
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      done();
    });
  });

  const running: RunningProcess = {
    pid: pid ?? -1,
    output,
    alive: () => exited === null,
    exit: () => exited,
    children,
    stdio: pipes.kind,
  };
  let stopping: Promise<void> | null = null;
  const stop = (graceMs = 3000): Promise<void> => {
    stopping ??= stopGroup(pid, graceMs, () => exited !== null, settled).finally(() => {
      pipes.close();
      forget();
    });
    return stopping;
  };
  const failure = await waitUntilUp(opts, settled, () => spawnError, () => exited);
  return { process: running, ...failure, stop };
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

async function waitUntilUp(
  opts: LaunchOptions,
  settled: Promise<void>,
  spawnError: () => { cause: LaunchFailure; message: string } | undefined,
  exited: () => Exit | null,
): Promise<{ error?: string; cause?: LaunchFailure }> {
  const timeoutMs = opts.run.startTimeoutMs ?? 15_000;
  const port = opts.run.port;
  if (port === undefined) {
    // No port to wait for: give it a moment to fail fast (missing module, bad flag).
    await Promise.race([sleep(500), settled]);
  } else {
    const result = await waitForPort('127.0.0.1', port, timeoutMs, () => exited() !== null, opts.signal);
    if (result === 'timeout') return { cause: 'port-never-opened', error: `port ${port} did not open within ${timeoutMs} ms` };
  }
  if (exited()) await settled; // its last words (a missing config, a bad flag) belong in the report
  const err = spawnError();
  if (err) return { cause: err.cause, error: err.message };
  const ex = exited();
  if (ex) {
    const how = ex.signal ? `was killed by ${ex.signal}` : `exited with code ${ex.code}`;
    return { cause: 'exited', error: `${opts.run.command.join(' ')} ${how} before ${port ? `opening port ${port}` : 'the probes ran'}` };
  }
  return {};
}

function portInUse(port: number): string {
  const owner = findPortOwner(port);
  const who = owner ? ` (pid ${owner.pid}, \`${owner.command}\`)` : '';
  return `port ${port} is already in use by another process${who} — distroready would be probing it, not your workload; stop it or give run.port a free port`;
}
