/**
 * A real process standing in for a pod's container: it listens on a loopback port, and
 * its stdout and stderr are fed to the stand-in's pods/log as the kubelet would collect
 * them, line by line, as they are written.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { KubeApi } from './server';

export interface PodProcess {
  child: ChildProcess;
  port: number;
  stop(): Promise<void>;
}

export async function startPodProcess(api: KubeApi, o: { namespace: string; pod: string; container: string; argv: string[]; port: number; cwd?: string; env?: Record<string, string> }): Promise<PodProcess> {
  const child = spawn(o.argv[0]!, o.argv.slice(1), { cwd: o.cwd, env: { PATH: process.env.PATH, ...o.env, PORT: String(o.port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  const last: string[] = [];
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on('line', (line) => {
      api.logs.append(o.namespace, o.pod, o.container, [line]);
      last.push(line);
      if (last.length > 5) last.shift();
    });
  }
  // Generous: a loaded machine starts node slowly; a process that exited is reported at once, with its output.
  await waitForPort(o.port, 30_000, () => (child.exitCode !== null || child.signalCode !== null ? `${o.argv.join(' ')} exited (${child.exitCode ?? child.signalCode}): ${last.join(' | ')}` : null));
  return {
    child,
    port: o.port,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function waitForPort(port: number, ms: number, exited: () => string | null): Promise<void> {
  const { connect } = await import('node:net');
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const gone = exited();
    if (gone) throw new Error(`nothing will listen on port ${port}: ${gone}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1', () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listened on port ${port} within ${ms} ms`);
}
