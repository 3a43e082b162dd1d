/**
 * prometheus-blackbox-exporter as the named baseline of the fleet benchmarks: started on a
 * free loopback port with an `http_2xx` module, asked the way Prometheus asks it
 * (`/probe?module=http_2xx&target=URL`, keep-alive, bounded concurrency).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

export interface Blackbox {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

const CONFIG = `modules:
  http_2xx:
    prober: http
    timeout: 5s
    http:
      preferred_ip_protocol: ip4
      ip_protocol_fallback: false
`;

export async function startBlackbox(port: number): Promise<Blackbox> {
  const dir = mkdtempSync(path.join(tmpdir(), 'distroready-blackbox-'));
  const file = path.join(dir, 'blackbox.yml');
  writeFileSync(file, CONFIG);
  const child = spawn('prometheus-blackbox-exporter', [`--config.file=${file}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    const up = await fetch(`${url}/-/healthy`).then((r) => r.ok, () => false);
    if (up) break;
    await delay(50);
  }
  return {
    url,
    pid: child.pid!,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface LoadResult {
  wallMs: number;
  /** Per-request latencies in ms, in completion order. */
  latencies: number[];
  /** Status code → count. */
  statuses: Record<number, number>;
  /** Bodies of a few answers, to check what they said. */
  bodies: string[];
}

/** GETs every URL once with at most `concurrency` in flight over keep-alive connections. */
export async function getAll(urls: readonly string[], concurrency: number, headers: Record<string, string> = {}): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  const bodies: string[] = [];
  let next = 0;
  const started = performance.now();
  const one = (url: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const t0 = performance.now();
      get(url, { agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          latencies.push(performance.now() - t0);
          statuses[res.statusCode ?? 0] = (statuses[res.statusCode ?? 0] ?? 0) + 1;
          if (bodies.length < 3 || Math.random() < 0.01) bodies.push(Buffer.concat(chunks).toString());
          resolve();
        });
      }).on('error', reject);
    });
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < urls.length) await one(urls[next++]!);
    }),
  );
  const wallMs = performance.now() - started;
  agent.destroy();
  return { wallMs, latencies, statuses, bodies };
}

export function percentile(xs: readonly number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}
