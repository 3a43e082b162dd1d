/**
 * What real pipes cost: a launched workload's output read through the FIFOs launch uses
 * (so `open("/dev/stdout")` works) against Node's socketpair (the old `stdio: 'pipe'`),
 * in the same run. A FIFO holds 64 KiB, a socket buffer a few hundred: a burst needs more
 * writer/reader hand-offs through a FIFO, which shows when the machine is busy.
 *
 * Each round spawns `node`, which writes 16 MiB as 1 KiB lines (then one 8 MiB line) to
 * stdout and exits; timed from spawn until both streams end, bytes counted.
 *
 * Run: `npm run bench:launch`.
 */
import { spawn } from 'node:child_process';
import { openStdPipes, type StdStreamKind } from '../src/targets/std-pipes';

const ROUNDS = 7;
const WRITER = `const line = 'x'.repeat(1023) + '\\n'; let n = 0;
function more() { while (n < 16384) { n++; if (!process.stdout.write(line)) return process.stdout.once('drain', more); }
  process.stdout.write('y'.repeat(8 * 1024 * 1024) + '\\n', () => process.exit(0)); }
more();`;
const EXPECTED = 16384 * 1024 + 8 * 1024 * 1024 + 1;

async function round(kind: StdStreamKind): Promise<number> {
  const pipes = await openStdPipes(kind);
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, ['-e', WRITER], { stdio: pipes.stdio });
  const { stdout, stderr } = pipes.afterSpawn(child);
  let bytes = 0;
  stdout.on('data', (c: Buffer) => (bytes += c.length));
  stderr.resume();
  await Promise.all([new Promise((r) => stdout.once('end', r)), new Promise((r) => child.once('exit', r))]);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  pipes.close();
  if (bytes !== EXPECTED) throw new Error(`${kind}: read ${bytes} bytes, expected ${EXPECTED}`);
  return ms;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const times: Record<StdStreamKind, number[]> = { fifo: [], socketpair: [] };
  await round('fifo'); // warm up both paths once
  await round('socketpair');
  for (let i = 0; i < ROUNDS; i++) {
    // Alternate, so a change in the machine's load hits both alike.
    times.fifo.push(await round('fifo'));
    times.socketpair.push(await round('socketpair'));
  }
  const fifo = median(times.fifo);
  const pair = median(times.socketpair);
  console.log(`24 MiB of output, median of ${ROUNDS} rounds (spawn to end of stream):`);
  console.log(`  socketpair (baseline)  ${pair.toFixed(0)} ms`);
  console.log(`  fifo                   ${fifo.toFixed(0)} ms   ratio fifo/socketpair ${(fifo / pair).toFixed(2)}`);
}

void main();
