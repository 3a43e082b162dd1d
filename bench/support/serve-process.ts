/**
 * A real `distroready serve` (the bundled dist/cli.js, as its `bin` runs it) for the
 * serve-scale benchmarks: a config over the loopback fleet, a throwaway SQLite file,
 * the OTLP receiver on ephemeral ports, and the helpers to wait for its first sweep and
 * read its memory from /proc. SERVE_NODE_ARGS are node flags for serve alone (e.g.
 * `--cpu-prof --cpu-prof-dir=/tmp/prof`: the profile is written when it stops).
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

export interface ServeProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export interface ServeOptions {
  dir: string;
  port: number;
  urls: readonly string[];
  /** Sweep interval as the config writes it (`1h`, `60s`). */
  interval: string;
  concurrency?: number;
}

const CLI = path.resolve(__dirname, '../../cli.js');

export function serveConfig(o: ServeOptions): string {
  const workloads = o.urls.map((u, i) => `  - { name: w${String(i).padStart(5, '0')}, url: "${u}" }`).join('\n');
  return [
    `server: { host: 127.0.0.1, port: ${o.port} }`,
    'otlp: { host: 127.0.0.1, port: 0, grpcPort: 0 }',
    `storage: { path: ${path.join(o.dir, 'serve.db')} }`,
    `sweep: { interval: ${o.interval}${o.concurrency ? `, concurrency: ${o.concurrency}` : ''} }`,
    `workloads:\n${workloads}`,
    '',
  ].join('\n');
}

export async function startServe(o: ServeOptions): Promise<ServeProcess> {
  const file = path.join(o.dir, 'serve.yaml');
  writeFileSync(file, serveConfig(o));
  const nodeArgs = (process.env.SERVE_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, CLI, 'serve', '--config', file], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, LOG_LEVEL: 'warn' } });
  const url = `http://127.0.0.1:${o.port}`;
  let exited = false;
  child.once('exit', () => void (exited = true));
  // A benchmark that fails part-way must not leave serve running.
  process.once('exit', () => void (exited || child.kill()));
  for (let i = 0; i < 600 && !exited; i++) {
    if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) break;
    await delay(100);
  }
  if (exited) throw new Error('serve exited before it answered /healthz');
  return {
    url,
    pid: child.pid!,
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

/** Resolves once /readyz says ready (the first sweep is stored); the ms it took. */
export async function untilReady(url: string, timeoutMs: number): Promise<number> {
  const t0 = performance.now();
  while (performance.now() - t0 < timeoutMs) {
    if (await fetch(`${url}/readyz`).then((r) => r.ok, () => false)) return performance.now() - t0;
    await delay(200);
  }
  throw new Error(`serve not ready after ${timeoutMs} ms`);
}

/** Resident and peak resident memory of a process, bytes (VmRSS, VmHWM of /proc/PID/status). */
export function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/** One value of an unlabelled series from an exposition, NaN when absent. */
export function sample(exposition: string, name: string): number {
  const m = new RegExp(`^${name}(?:\\{\\})? (\\S+)`, 'm').exec(exposition);
  return m ? Number(m[1]) : NaN;
}
