/**
 * The multi-target exporter pattern under load: `wrk -c 64` on distroready's
 * `/probe?target=…&probes=health` against prometheus-blackbox-exporter's
 * `/probe?module=http_2xx&target=…`, the same nginx target, the scrape timeout header
 * Prometheus sends, in the same run (alternating). Successful requests a second (2xx only)
 * and latency percentiles, with the ratios; and the CPU time each exporter process spent
 * per successful answer (from /proc), which a shared machine distorts less than wall
 * time. Needs wrk, nginx and the exporter:
 * `node dist/bench/probe-exporter.js` (DURATION seconds, ROUNDS, CONNECTIONS from the environment).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { freePort } from '../test/support/binaries';
import { startBlackbox } from './support/blackbox';
import { startFleet } from './support/loopback-fleet';
import { processTreeCpuMs } from './support/process-cpu';

const DURATION = Number(process.env.DURATION ?? 10);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 64);
const CLI = path.resolve(__dirname, '../src/cli.js');

interface WrkFigures {
  okPerSecond: number;
  non2xx: number;
  requests: number;
  p50: number;
  p99: number;
  /** CPU ms of the exporter process per successful answer. */
  cpuPerOk: number;
}

/** Milliseconds from wrk's `12.34ms` / `1.20s` / `900.00us`. */
function ms(text: string): number {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(text.trim());
  if (!m) return NaN;
  const n = Number(m[1]);
  return m[2] === 'us' ? n / 1000 : m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : n * 60_000;
}

function wrk(url: string, pid: number): WrkFigures {
  const cpu0 = processTreeCpuMs(pid);
  const r = spawnSync('wrk', ['-t', '2', '-c', String(CONNECTIONS), '-d', `${DURATION}s`, '--timeout', '15s', '--latency', '-H', 'X-Prometheus-Scrape-Timeout-Seconds: 10', url], { encoding: 'utf8' });
  const out = r.stdout;
  const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? NaN);
  const seconds = ms(/requests in ([\d.]+\w+),/.exec(out)?.[1] ?? '') / 1000;
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  const cpu = processTreeCpuMs(pid) - cpu0;
  return {
    requests,
    non2xx,
    cpuPerOk: cpu / (requests - non2xx),
    okPerSecond: (requests - non2xx) / seconds,
    p50: ms(/^\s+50%\s+(\S+)/m.exec(out)?.[1] ?? ''),
    p99: ms(/^\s+99%\s+(\S+)/m.exec(out)?.[1] ?? ''),
  };
}

async function startServe(dir: string, port: number): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const file = path.join(dir, 'serve.yaml');
  writeFileSync(
    file,
    `server: { host: 127.0.0.1, port: ${port} }\notlp: { enabled: false }\nstorage: { path: ${path.join(dir, 'serve.db')} }\napi: { allowTargets: [127.0.0.0/8]${process.env.PROBE_CONCURRENCY ? `, probeConcurrency: ${process.env.PROBE_CONCURRENCY}` : ''} }\nsweep: { interval: 1h }\nworkloads: []\n`,
  );
  const child = spawn(process.execPath, [CLI, 'serve', '--config', file], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, LOG_LEVEL: 'warn' } });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) break;
    await delay(50);
  }
  return {
    url,
    pid: child.pid!,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const fleet = await startFleet(1, await freePort());
  const target = fleet.urls[0]!;
  const blackbox = await startBlackbox(await freePort());
  const dir = mkdtempSync(path.join(tmpdir(), 'distroready-bench-'));
  const serve = await startServe(dir, await freePort());
  const urls = {
    blackbox: `${blackbox.url}/probe?module=http_2xx&target=${encodeURIComponent(`${target}/healthz`)}`,
    distroready: `${serve.url}/probe?target=${encodeURIComponent(target)}&probes=health`,
  };
  console.log(`wrk -t2 -c${CONNECTIONS} -d${DURATION}s, ${ROUNDS} alternating rounds, target ${target} (nginx); node ${process.version}`);
  const figures: Record<keyof typeof urls, WrkFigures[]> = { blackbox: [], distroready: [] };
  const pids = { blackbox: blackbox.pid, distroready: serve.pid };
  // A short warm-up each (JIT, first discovery), not counted.
  for (const k of ['blackbox', 'distroready'] as const) spawnSync('wrk', ['-t', '1', '-c', '4', '-d', '2s', urls[k]]);
  for (let i = 0; i < ROUNDS; i++) for (const k of ['blackbox', 'distroready'] as const) figures[k].push(wrk(urls[k], pids[k]));
  for (const k of ['blackbox', 'distroready'] as const) {
    const f = figures[k];
    console.log(
      `${k.padEnd(12)} ok/s ${median(f.map((x) => x.okPerSecond)).toFixed(0).padStart(6)}  p50 ${median(f.map((x) => x.p50)).toFixed(1).padStart(7)} ms  p99 ${median(f.map((x) => x.p99)).toFixed(1).padStart(7)} ms  CPU ${median(f.map((x) => x.cpuPerOk)).toFixed(2)} ms/answer  non-2xx ${f.map((x) => `${x.non2xx}/${x.requests}`).join(', ')}`,
    );
  }
  const ratio = (pick: (x: WrkFigures) => number): string => (median(figures.distroready.map(pick)) / median(figures.blackbox.map(pick))).toFixed(2);
  console.log(`ratio distroready / blackbox: successful req/s ${ratio((x) => x.okPerSecond)} (goal >= 1.00), p99 ${ratio((x) => x.p99)} (goal <= 1.50), CPU per answer ${ratio((x) => x.cpuPerOk)}`);
  await serve.stop();
  await blackbox.stop();
  await fleet.stop();
  rmSync(dir, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
