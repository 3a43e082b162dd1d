/**
 * A fleet of K url workloads on loopback for the fleet-scale benchmarks: one nginx
 * listening on K addresses (127.1.x.y, one port), each answering `/healthz` and
 * `/metrics` the way a small service does, every other path 404. nginx is the workload,
 * not a baseline: it answers fast enough that what is measured is the prober.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

export interface Fleet {
  /** `http://127.1.x.y:PORT`, one per workload. */
  urls: string[];
  port: number;
  /** nginx's master process (its worker is a child). */
  pid: number;
  stop(): Promise<void>;
}

const METRICS = [
  '# HELP http_requests_total Requests served.',
  '# TYPE http_requests_total counter',
  'http_requests_total{code="200",method="get"} 1027',
  '# HELP process_start_time_seconds Start time of the process since unix epoch in seconds.',
  '# TYPE process_start_time_seconds gauge',
  'process_start_time_seconds 1.7e+09',
  '',
].join('\\n');

/** The i-th address (0-based) of the fleet: 127.1.0.1, 127.1.0.2, … 127.1.0.250, 127.1.1.1, … */
export function fleetAddress(i: number): string {
  return `127.1.${Math.floor(i / 250)}.${(i % 250) + 1}`;
}

function nginxConfig(dir: string, port: number, count: number): string {
  const listens = Array.from({ length: count }, (_, i) => `    listen ${fleetAddress(i)}:${port};`).join('\n');
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${path.join(dir, 'tmp', t)};`).join('\n');
  // Each listening address takes a connection slot and a file descriptor of the worker, so
  // 10,000 addresses need room beyond them for the prober's connections.
  const connections = count + 8192;
  return `worker_processes 1;
worker_rlimit_nofile ${connections + 64};
error_log ${path.join(dir, 'error.log')} warn;
pid ${path.join(dir, 'nginx.pid')};
events { worker_connections ${connections}; }
http {
  access_log off;
${temp}
  keepalive_requests 100000;
  server {
${listens}
    location = /healthz { default_type text/plain; return 200 "ok\\n"; }
    location = /metrics { default_type "text/plain; version=0.0.4"; return 200 '${METRICS}'; }
    location / { return 404; }
  }
}
`;
}

async function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

export async function startFleet(count: number, port: number): Promise<Fleet> {
  const dir = mkdtempSync(path.join(tmpdir(), 'distroready-fleet-'));
  mkdirSync(path.join(dir, 'tmp'));
  writeFileSync(path.join(dir, 'nginx.conf'), nginxConfig(dir, port, count));
  const child: ChildProcess = spawn('nginx', ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const last = fleetAddress(count - 1);
  for (let i = 0; i < 100 && !(await accepts(last, port)); i++) await delay(50);
  if (!(await accepts(last, port))) throw new Error(`nginx did not start on ${last}:${port}; see ${dir}/error.log`);
  return {
    urls: Array.from({ length: count }, (_, i) => `http://${fleetAddress(i)}:${port}`),
    port,
    pid: child.pid!,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
