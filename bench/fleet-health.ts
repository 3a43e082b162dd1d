/**
 * `check --probes health` over K url workloads against prometheus-blackbox-exporter's
 * `http_2xx` over the same K URLs, at the same concurrency, in the same run. The fleet is
 * one nginx on K loopback addresses (bench/support/loopback-fleet.ts). Rounds alternate
 * so each side sees the same machine load; medians are printed with the ratio.
 *
 * - blackbox: K × `GET /probe?module=http_2xx&target=URL/healthz`, `CONCURRENCY` in
 *   flight, keep-alive to the exporter, as Prometheus scrapes it.
 * - first sweep: a fresh engine (nothing known about the fleet) sweeps the K workloads.
 * - later sweep: an engine that swept them before sweeps again.
 * - CLI: the whole `distroready check --probes health` process (start-up included).
 *
 * Requests and TCP connections distroready makes are counted per sweep (node's
 * diagnostics channels), so "requests a workload" is a count, not an estimate. CPU time
 * is counted per phase for each process (this one — the prober, or the driver standing in
 * for Prometheus —, blackbox, nginx): on a shared machine it says more than wall time.
 * `node dist/bench/fleet-health.js` (K, CONCURRENCY, ROUNDS from the environment).
 */
import { spawn } from 'node:child_process';
import { subscribe } from 'node:diagnostics_channel';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadChecks } from '../src/checks/load-checks';
import { parseConfig } from '../src/config/load-config';
import { createEngine, type Engine } from '../src/engine/create-engine';
import { silentLogger } from '../src/telemetry/logger';
import { freePort } from '../test/support/binaries';
import { getAll, percentile, startBlackbox } from './support/blackbox';
import { startFleet } from './support/loopback-fleet';
import { ownCpuMs, processTreeCpuMs } from './support/process-cpu';

const K = Number(process.env.K ?? 1000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 64);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
/** The bundled CLI the package's `bin` runs (tsc's dist/src/cli.js loads ~140 ms more modules). */
const CLI = path.resolve(__dirname, '../cli.js');

let requests = 0;
let sockets = 0;
subscribe('http.client.request.start', () => void requests++);
subscribe('net.client.socket', () => void sockets++);

function configYaml(urls: readonly string[]): string {
  const workloads = urls.map((u, i) => `  - { name: w${String(i).padStart(5, '0')}, url: "${u}" }`).join('\n');
  return `otlp: { enabled: false }\nsweep: { concurrency: ${CONCURRENCY}, timeout: 10s }\nworkloads:\n${workloads}\n`;
}

function engineFor(yaml: string, file: string): Engine {
  const checks = loadChecks(undefined, ['health']);
  const config = parseConfig(yaml, file, {}, checks);
  return createEngine({ config, checks, logger: silentLogger(), only: ['health'] });
}

interface SweepFigures {
  wallMs: number;
  requests: number;
  sockets: number;
  verdicts: Record<string, number>;
}

async function timedSweep(engine: Engine): Promise<SweepFigures> {
  const [r0, s0] = [requests, sockets];
  const t0 = performance.now();
  const { results } = await engine.sweep();
  const wallMs = performance.now() - t0;
  const verdicts: Record<string, number> = {};
  for (const r of results) verdicts[`${r.probes.health?.status}`] = (verdicts[`${r.probes.health?.status}`] ?? 0) + 1;
  return { wallMs, requests: requests - r0, sockets: sockets - s0, verdicts };
}

function cliRun(configFile: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [CLI, 'check', '--probes', 'health', '--config', configFile, '--format', 'json', '--out', '/dev/null'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => void (err = (err + c.toString()).slice(-2000)));
    child.on('exit', (code) => (code === 0 ? resolve(performance.now() - t0) : reject(new Error(`check exited ${code}: ${err}`))));
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Row {
  wall: number[];
  /** CPU ms of this process, blackbox, nginx in the phase. */
  cpu: { own: number; blackbox: number; nginx: number }[];
  extra: string[];
}

async function measured(row: Row, pids: { blackbox: number; nginx: number }, fn: () => Promise<string>): Promise<void> {
  const before = { own: ownCpuMs(), blackbox: processTreeCpuMs(pids.blackbox), nginx: processTreeCpuMs(pids.nginx) };
  const t0 = performance.now();
  const extra = await fn();
  row.wall.push(performance.now() - t0);
  row.cpu.push({ own: ownCpuMs() - before.own, blackbox: processTreeCpuMs(pids.blackbox) - before.blackbox, nginx: processTreeCpuMs(pids.nginx) - before.nginx });
  row.extra.push(extra);
}

async function main(): Promise<void> {
  const fleet = await startFleet(K, await freePort());
  const blackbox = await startBlackbox(await freePort());
  const pids = { blackbox: blackbox.pid, nginx: fleet.pid };
  const dir = mkdtempSync(path.join(tmpdir(), 'distroready-bench-'));
  const configFile = path.join(dir, 'fleet.yaml');
  const yaml = configYaml(fleet.urls);
  writeFileSync(configFile, yaml);
  const probeUrls = fleet.urls.map((u) => `${blackbox.url}/probe?module=http_2xx&target=${encodeURIComponent(`${u}/healthz`)}`);
  console.log(`K=${K} workloads (one nginx on ${K} loopback addresses), concurrency ${CONCURRENCY}, ${ROUNDS} alternating rounds; node ${process.version}`);
  const long = engineFor(yaml, configFile);
  await timedSweep(long); // the long-lived engine's own first sweep, not timed below
  await getAll(probeUrls, CONCURRENCY); // and blackbox's warm-up
  const row = (): Row => ({ wall: [], cpu: [], extra: [] });
  const rows: Record<string, Row> = { blackbox: row(), first: row(), later: row(), cli: row() };
  const describeSweep = (f: SweepFigures): string => `${(f.requests / K).toFixed(2)} requests and ${(f.sockets / K).toFixed(2)} connections a workload; health ${JSON.stringify(f.verdicts)}`;
  for (let round = 0; round < ROUNDS; round++) {
    await measured(rows.blackbox!, pids, async () => {
      const bb = await getAll(probeUrls, CONCURRENCY);
      const ok = bb.bodies.every((b) => /probe_success 1/.test(b));
      return `statuses ${JSON.stringify(bb.statuses)}, probe_success 1 in sampled bodies: ${ok}, p99 ${percentile(bb.latencies, 99).toFixed(0)} ms`;
    });
    const fresh = engineFor(yaml, configFile);
    await measured(rows.first!, pids, async () => describeSweep(await timedSweep(fresh)));
    await measured(rows.later!, pids, async () => describeSweep(await timedSweep(long)));
    if (process.env.CLI !== '0') await measured(rows.cli!, pids, async () => `${(await cliRun(configFile)).toFixed(0)} ms`);
  }
  const base = median(rows.blackbox!.wall);
  const label: Record<string, string> = {
    blackbox: 'blackbox http_2xx /probe × K',
    first: 'distroready first sweep (fresh engine)',
    later: 'distroready later sweep (same engine)',
    cli: 'distroready check --probes health (process)',
  };
  console.log(`${''.padEnd(46)} ${'wall'.padStart(9)} ${'ratio'.padStart(6)}   CPU ms: ${'this'.padStart(5)} ${'bbox'.padStart(5)} ${'nginx'.padStart(5)}   (walls)`);
  for (const [key, r] of Object.entries(rows)) {
    if (r.wall.length === 0) continue;
    const m = median(r.wall);
    const cpu = (k: 'own' | 'blackbox' | 'nginx'): string => median(r.cpu.map((c) => c[k])).toFixed(0).padStart(5);
    console.log(`${label[key]!.padEnd(46)} ${m.toFixed(0).padStart(6)} ms ${(m / base).toFixed(2).padStart(6)}   CPU ms: ${cpu('own')} ${cpu('blackbox')} ${cpu('nginx')}   (${r.wall.map((w) => w.toFixed(0)).join(', ')})`);
    console.log(`${''.padEnd(48)}${r.extra[r.extra.length - 1] ?? ''}`);
  }
  console.log(`\ngoal: first sweep <= 1.00, later sweeps <= 0.50 of blackbox (wall, same concurrency)`);
  await blackbox.stop();
  await fleet.stop();
  rmSync(dir, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
