/**
 * Whole processes, as a person would run them: `distroready check --probes metrics
 * --target URL` against `curl URL | promtool check metrics`, on the generated 100,000-series
 * exposition served on loopback. Runs alternate so both see the same machine load; the
 * median wall and CPU time of each are printed with the ratios. distroready runs as its `bin`
 * does (the bundled dist/cli.js); start-up is also shown unbundled. Needs `npm run build`,
 * curl and promtool: `node dist/bench/metrics-cli.js`.
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { generateExposition } from './metrics-exposition';

const RUNS = Number(process.env.RUNS ?? 7);
/** The bundled CLI `bin` points at, and tsc's output of the same sources. */
const CLI = path.resolve(__dirname, '../cli.js');
const UNBUNDLED = path.resolve(__dirname, '../src/cli.js');

const TIME_FILE = path.join(tmpdir(), `distroready-bench-${process.pid}.time`);

interface Timing {
  wallMs: number;
  /** User + system CPU of the process and everything it waited for (GNU time). */
  cpuMs: number;
}

/** Times one process under GNU time; rejects when it cannot start or exits 1, 2 or more. */
function timed(command: string, args: string[]): Promise<Timing> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn('/usr/bin/time', ['-f', '%U %S', '-o', TIME_FILE, command, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => void (err = (err + c.toString()).slice(-2000)));
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      // promtool exits 3 for lint findings; distroready check exits 0. Anything else is a broken run.
      const [user, sys] = readFileSync(TIME_FILE, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
      if (code === 0 || code === 3) resolve({ wallMs: ms, cpuMs: (user! + sys!) * 1000 });
      else reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${err}`));
    });
  });
}

const median = (xs: number[]): number => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const body = Buffer.from(generateExposition(100_000));
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
  const commands: Record<string, [string, string[]]> = {
    'node -e 0 (bare Node start-up)': [process.execPath, ['-e', '0']],
    'distroready check, refused target (start-up only)': [process.execPath, [CLI, 'check', '--probes', 'metrics', '--target', 'http://127.0.0.1:1/metrics']],
    'same, unbundled (dist/src/cli.js)': [process.execPath, [UNBUNDLED, 'check', '--probes', 'metrics', '--target', 'http://127.0.0.1:1/metrics']],
    'distroready check --probes metrics --target URL': [process.execPath, [CLI, 'check', '--probes', 'metrics', '--target', url]],
    'curl URL | promtool check metrics': ['sh', ['-c', `curl -s ${url} | promtool check metrics >/dev/null 2>&1`]],
  };
  const times: Record<string, Timing[]> = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  console.log(`exposition: 100000 series, ${(body.length / 1e6).toFixed(1)} MB on ${url}; ${RUNS} alternating runs, medians; node ${process.version}`);
  for (let i = 0; i < RUNS; i++) {
    for (const [label, [cmd, args]] of Object.entries(commands)) times[label]!.push(await timed(cmd, args));
  }
  console.log(`${''.padEnd(52)} ${'wall'.padStart(8)} ${'cpu'.padStart(8)}   (wall min-max)`);
  for (const [label, xs] of Object.entries(times)) {
    const wall = xs.map((x) => x.wallMs);
    console.log(`${label.padEnd(52)} ${median(wall).toFixed(0).padStart(5)} ms ${median(xs.map((x) => x.cpuMs)).toFixed(0).padStart(5)} ms   (${Math.min(...wall).toFixed(0)}-${Math.max(...wall).toFixed(0)})`);
  }
  const ratio = (pick: (t: Timing) => number): string =>
    (median(times['distroready check --probes metrics --target URL']!.map(pick)) / median(times['curl URL | promtool check metrics']!.map(pick))).toFixed(2);
  console.log(`\nratio distroready / promtool: wall ${ratio((t) => t.wallMs)}, cpu ${ratio((t) => t.cpuMs)} (goal: <= 1.00)`);
  server.close();
  rmSync(TIME_FILE, { force: true });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
