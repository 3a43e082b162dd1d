/**
 * One `distroready check` with the full default probe set over K url workloads (one nginx
 * on K loopback addresses), at the default sweep concurrency, against the same check
 * without the traces probe in the same run: the traces probe waits for spans from an
 * exporter it does not know (probes.traces.unknownExporterWaitMs, 1 s), and that wait must
 * overlap across workloads rather than queue `concurrency` at a time. The report is the
 * default (text, to stdout, read and dropped here). Alternating runs, medians; the CPU
 * time of each check process (GNU time: user + system, children included) is printed
 * beside its wall time, since a shared machine stretches wall time and not CPU time.
 * `node dist/bench/fleet-full-sweep.js` (K, ROUNDS from the environment; CPU_PROF=DIR
 * writes a --cpu-prof profile of each check there).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PROBE_IDS } from '../probes/ids';
import { freePort } from '../test/support/binaries';
import { startFleet } from './support/loopback-fleet';

const K = Number(process.env.K ?? 1000);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
/** The bundled CLI the package's `bin` runs (tsc's dist/src/cli.js loads ~140 ms more modules). */
const CLI = path.resolve(__dirname, '../cli.js');

const CPU_PROF = process.env.CPU_PROF;
/** Every probe but traces, from the one list of probe ids (base included). */
const WITHOUT_TRACES = PROBE_IDS.filter((id) => id !== 'traces').join(',');

/** Runs one check under GNU time; resolves its wall and CPU time and the report's last line (the verdict counts). */
function check(configFile: string, probes?: string): Promise<{ ms: number; cpuMs: number; summary: string }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const timeFile = `${configFile}.time`;
    const node = [process.execPath, ...(CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', CPU_PROF] : [])];
    const args = ['-f', '%U %S', '-o', timeFile, ...node, CLI, 'check', '--config', configFile, ...(probes ? ['--probes', probes] : [])];
    const child = spawn('/usr/bin/time', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    let tail = '';
    child.stdout.on('data', (c: Buffer) => void (tail = (tail + c.toString()).slice(-500)));
    child.stderr.on('data', (c: Buffer) => void (err = (err + c.toString()).slice(-2000)));
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`check exited ${code}: ${err}`));
      const [user, sys] = readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
      resolve({ ms: performance.now() - t0, cpuMs: (user! + sys!) * 1000, summary: tail.trim().split('\n').pop() ?? '' });
    });
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const fleet = await startFleet(K, await freePort());
  const dir = mkdtempSync(path.join(tmpdir(), 'distroready-bench-'));
  const configFile = path.join(dir, 'fleet.yaml');
  const workloads = fleet.urls.map((u, i) => `  - { name: w${String(i).padStart(5, '0')}, url: "${u}" }`).join('\n');
  // Ephemeral OTLP ports: check starts its receiver as serve does.
  writeFileSync(configFile, `otlp: { host: 127.0.0.1, port: 0, grpcPort: 0 }\nworkloads:\n${workloads}\n`);
  console.log(`K=${K} workloads, default probes, default sweep concurrency (32), ${ROUNDS} alternating rounds; node ${process.version}`);
  const all: number[] = [];
  const withoutTraces: number[] = [];
  const cpu = { all: [] as number[], withoutTraces: [] as number[] };
  let seen = '';
  for (let i = 0; i < ROUNDS; i++) {
    const full = await check(configFile);
    all.push(full.ms);
    cpu.all.push(full.cpuMs);
    seen = full.summary;
    const partial = await check(configFile, WITHOUT_TRACES);
    withoutTraces.push(partial.ms);
    cpu.withoutTraces.push(partial.cpuMs);
  }
  console.log(`check (all probes)              ${median(all).toFixed(0).padStart(6)} ms wall, ${median(cpu.all).toFixed(0).padStart(6)} ms CPU  (walls ${all.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`check --probes all but traces   ${median(withoutTraces).toFixed(0).padStart(6)} ms wall, ${median(cpu.withoutTraces).toFixed(0).padStart(6)} ms CPU  (walls ${withoutTraces.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`ratio all / without traces: ${(median(all) / median(withoutTraces)).toFixed(2)}; goal: all probes < 10,000 ms`);
  console.log(`report: ${seen}`);
  await fleet.stop();
  rmSync(dir, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
