/**
 * Memory under a gzip bomb: the metrics probe against `/metrics` answering N MiB of '0's
 * gzipped (about 1 kB per MiB on the wire), N = 64, 256 and 1024, against the obvious
 * client, Node's `fetch()` reading the whole body, in the same process for 64 and 256 MiB.
 * Each case runs in a fresh process (RSS never shrinks back); printed is how much it grew
 * (peak RSS + array buffers over the footprint before), and the ratio: the probe stops
 * inflating at its byte limit, so its growth stays flat while the obvious client's grows
 * with the bomb. `npm run build && node dist/bench/metrics-bomb.js`
 */
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as zlib from 'node:zlib';
import { metricsProbe } from '../probes/metrics';
import type { MetricsFacts } from '../probes/metrics/facts-schema';
import { createHttpClient } from '../src/net/http-client';
import { silentLogger } from '../src/telemetry/logger';

const MiB = 1024 * 1024;

function bomb(mib: number): Buffer {
  const gz = zlib.gzipSync(Buffer.alloc(MiB, 0x30), { level: 9 });
  // Concatenated gzip members inflate to their concatenation: mib MiB from one compressed MiB.
  return Buffer.concat(Array.from({ length: mib }, () => gz));
}

function serve(body: Buffer): Promise<{ url: string; server: Server }> {
  const server = createServer((_q, res) => res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' }).end(body));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server })));
}

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const footprint = (): number => {
  gc();
  const m = process.memoryUsage();
  return m.rss + m.arrayBuffers;
};

/** Peak growth over the baseline footprint while `fn` runs, sampled every 5 ms. */
async function growth(fn: () => Promise<unknown>): Promise<number> {
  const before = footprint();
  let peak = before;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.rss + m.arrayBuffers);
  }, 5);
  await fn();
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss + process.memoryUsage().arrayBuffers);
  return (peak - before) / MiB;
}

async function probe(url: string): Promise<MetricsFacts> {
  const options = { scrapeTimeoutMs: 60_000, maxBytes: 10 * MiB, maxSamples: 200_000, maxLineBytes: 65_536, maxErrors: 20 };
  const ctx = { signal: AbortSignal.timeout(120_000), logger: silentLogger(), http: createHttpClient(), options, peerFacts: new Map(), services: {} };
  const out = await metricsProbe.run({ name: 'bomb', baseDir: process.cwd(), url, config: { name: 'bomb', url } }, ctx);
  return out.facts as MetricsFacts;
}

/** One case in this process: prints the growth in MiB, and for the probe the bytes it read. */
async function runCase(kind: string, mib: number): Promise<void> {
  const { url, server } = await serve(bomb(mib));
  let read = '';
  const grew = await growth(async () => {
    if (kind === 'probe') {
      const facts = await probe(url);
      read = ` ${facts.bytes} ${facts.truncatedBy}`;
    } else await (await fetch(`${url}/metrics`)).arrayBuffer();
  });
  process.stdout.write(`${grew.toFixed(1)}${read}\n`);
  await new Promise((r) => server.close(r));
}

function inChild(kind: string, mib: number): string[] {
  return execFileSync(process.execPath, ['--expose-gc', __filename, kind, String(mib)], { encoding: 'utf8', maxBuffer: 1 << 20 }).trim().split(' ');
}

function main(): void {
  console.log(`node ${process.version}; growth = peak (RSS + array buffers) over the footprint before, MiB, each case in a fresh process`);
  for (const mib of [64, 256, 1024]) {
    const [ours, bytes, by] = inChild('probe', mib);
    let line = `${String(mib).padStart(5)} MiB bomb: metrics probe ${ours!.padStart(6)} MiB (read ${bytes} bytes, stopped by ${by})`;
    // fetch() of 1 GiB would take the process (and the machine) with it.
    if (mib <= 256) {
      const [theirs] = inChild('fetch', mib);
      line += `, fetch().arrayBuffer() ${theirs!.padStart(6)} MiB: ${(Number(theirs) / Math.max(Number(ours), 1)).toFixed(1)}x the probe's`;
    }
    console.log(line);
  }
}

const [kind, size] = process.argv.slice(2);
if (kind) void runCase(kind, Number(size));
else main();
