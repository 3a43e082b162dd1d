/**
 * `logs.command`: runs an operator-configured argv (never a shell) such as
 * `[kubectl, logs, deploy/checkout, --tail=500]` or `[docker, logs, --tail, "500", x]` and
 * reads its stdout as the workload's log stream. Bounded in time (a following command,
 * `-f`, is killed at the limit and its lines so far are kept) and in bytes; stderr is kept,
 * a little, to say why it failed.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { LineBuffer } from '../../shared/line-buffer';
import type { CollectOptions, LogSource, SourceLines } from './source';

const STDERR_KEEP = 2048;

export function commandSource(argv: string[], cwd: string): LogSource {
  const label = `command ${argv.join(' ')}`;
  return { kind: 'command', label, collect: (opts) => runCommand(argv, cwd, label, opts) };
}

function runCommand(argv: string[], cwd: string, label: string, opts: CollectOptions): Promise<SourceLines> {
  const buffer = new LineBuffer({ maxLines: opts.maxLines, maxLineBytes: opts.maxLineBytes });
  const notes: string[] = [];
  const [command, ...args] = argv as [string, ...string[]];
  return new Promise((resolve) => {
    let stderr = '';
    let bytes = 0;
    let stoppedBy: string | null = null;
    let spawnError: string | null = null;
    const child = spawn(command, args, { cwd: path.resolve(cwd), stdio: ['ignore', 'pipe', 'pipe'], shell: false, detached: true });
    const kill = (why: string): void => {
      if (stoppedBy !== null || child.exitCode !== null) return;
      stoppedBy = why;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const limit = Math.max(opts.commandTimeoutMs, 1);
    const timer = setTimeout(() => kill(`its ${limit} ms time limit`), limit);
    const onAbort = (): void => kill('the probe deadline');
    if (opts.signal.aborted) onAbort();
    else opts.signal.addEventListener('abort', onAbort, { once: true });
    const out = buffer.splitter('command');
    child.stdout.on('data', (chunk: Buffer) => {
      if (stoppedBy !== null) return;
      bytes += chunk.length;
      out.write(chunk.length > opts.maxBytes ? chunk.subarray(0, opts.maxBytes) : chunk);
      if (bytes >= opts.maxBytes) kill(`${opts.maxBytes} bytes of output`);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < STDERR_KEEP) stderr += chunk.toString('utf8').slice(0, STDERR_KEEP - stderr.length);
    });
    let finished = false;
    const finish = (code: number | null, signal: NodeJS.Signals | null): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      opts.signal.removeEventListener('abort', onAbort);
      out.end();
      const lines = buffer.snapshot();
      let error: string | null = spawnError;
      if (stoppedBy !== null) notes.push(`stopped after ${stoppedBy}`);
      else if (error === null && code !== 0) {
        const why = stderr.trim().split('\n')[0] ?? '';
        const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
        // A failed command with output still gave lines to judge; without, it is an error.
        if (lines.length === 0) error = `${label} ${how}${why ? `: ${why}` : ''}`;
        else notes.push(`${label} ${how}`);
      }
      resolve({ kind: 'command', label, lines, dropped: buffer.dropped, error, notes });
    };
    child.once('error', (err: NodeJS.ErrnoException) => {
      spawnError = err.code === 'ENOENT' ? `command not found: ${command}` : `could not run ${command}: ${err.message}`;
      // A command that never started emits no reliable 'close'.
      if (child.pid === undefined) finish(null, null);
    });
    child.once('close', finish);
  });
}
