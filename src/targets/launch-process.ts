/**
 * Launches a `run` workload: argv without a shell, its own process group (so stopping it
 * stops its children too), stdout and stderr captured line by line into a bounded buffer,
 * and its OpenTelemetry exporter pointed at distroready's receiver.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { LineBuffer } from './line-buffer';
import { watchProcessTree } from './process-watch';
import type { RunConfig, RunningProcess } from './target';
import { waitForPort } from './wait-for-port';

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
  signal?: AbortSignal;
}

export interface Launched {
  process: RunningProcess;
  /** Set when the workload did not come up: not found, exited early, port never opened. */
  error?: string;
  stop(graceMs?: number): Promise<void>;
}

const live = new Set<ChildProcess>();

/** Kills every process group still running; called when distroready itself exits. */
export function killAllLaunched(): void {
  for (const child of live) signalGroup(child, 'SIGKILL');
}
process.once('exit', killAllLaunched);

function signalGroup(child: ChildProcess, sig: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, sig);
  } catch {
    try {
      child.kill(sig);
    } catch {
      /* already gone */
    }
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
  const output = new LineBuffer({ maxLines: opts.maxLines, maxLineBytes: opts.maxLineBytes });
  const [command, ...args] = opts.run.command as [string, ...string[]];
  const child = spawn(command, args, {
    cwd: path.resolve(opts.baseDir, opts.run.cwd ?? '.'),
    env: childEnv(opts),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    shell: false,
  });
  live.add(child);
  // Watch from the first moment: a shell spawned during start-up counts as much as one later.
  const children = child.pid !== undefined ? watchProcessTree(child.pid) : undefined;
  // 'exit', not 'close': a grandchild holding stdout open must not keep the watcher sampling.
  child.once('exit', () => children?.stop());
  let spawnError: string | undefined;
  let exited: { code: number | null; signal: string | null } | null = null;
  const exitedPromise = new Promise<void>((resolve) => {
    child.once('error', (err: NodeJS.ErrnoException) => {
      spawnError = err.code === 'ENOENT' ? `command not found: ${command} (cwd ${opts.run.cwd ?? '.'})` : `could not start ${command}: ${err.message}`;
      exited ??= { code: null, signal: null };
      live.delete(child);
      resolve();
    });
    child.once('close', (code, signal) => {
      exited = { code, signal };
      live.delete(child);
      resolve();
    });
  });
  const out = output.splitter('stdout');
  const errs = output.splitter('stderr');
  child.stdout!.on('data', (c: Buffer) => out.write(c));
  child.stderr!.on('data', (c: Buffer) => errs.write(c));
  child.stdout!.on('end', () => out.end());
  child.stderr!.on('end', () => errs.end());

  const running: RunningProcess = {
    pid: child.pid ?? -1,
    output,
    alive: () => exited === null,
    exit: () => exited,
    children,
  };
  const stop = async (graceMs = 3000): Promise<void> => {
    if (exited) return;
    signalGroup(child, 'SIGTERM');
    const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
    await exitedPromise;
    clearTimeout(timer);
    // The leader is gone; make sure nothing it spawned outlives it.
    signalGroup(child, 'SIGKILL');
  };
  const error = await waitUntilUp(opts, () => spawnError, () => exited);
  return { process: running, error, stop };
}

async function waitUntilUp(
  opts: LaunchOptions,
  spawnError: () => string | undefined,
  exited: () => { code: number | null; signal: string | null } | null,
): Promise<string | undefined> {
  const timeoutMs = opts.run.startTimeoutMs ?? 15_000;
  if (opts.run.port === undefined) {
    // No port to wait for: give it a moment to fail fast (missing module, bad flag).
    await new Promise((r) => setTimeout(r, 500));
  } else {
    const result = await waitForPort('127.0.0.1', opts.run.port, timeoutMs, () => exited() !== null, opts.signal);
    if (result === 'timeout') return `port ${opts.run.port} did not open within ${timeoutMs} ms`;
  }
  const err = spawnError();
  if (err) return err;
  const ex = exited();
  if (ex) {
    const how = ex.signal ? `was killed by ${ex.signal}` : `exited with code ${ex.code}`;
    return `${opts.run.command.join(' ')} ${how} before ${opts.run.port ? `opening port ${opts.run.port}` : 'the probes ran'}`;
  }
  return undefined;
}
