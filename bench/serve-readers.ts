/**
 * A `serve` holding K url workloads (a real sweep, all default probes, of the loopback
 * fleet: one nginx on K addresses) under READERS concurrent readers, against the same
 * `serve` with no readers, in the same run (alternating phases of SECONDS each):
 *
 * - `/healthz` latency p50/p99, asked as a kubelet asks it (a new connection each time,
 *   every 20 ms) from a separate process, so the readers' own work does not time it;
 * - `nodejs_eventloop_lag_p99_seconds` from serve's `/metrics` (prom-client resets its
 *   histogram at each scrape: scraped once before a phase and read at its end);
 * - what the readers got: requests, bytes and p99 per route.
 *
 * The readers cycle through `GET /api/v1/workloads` walked page by page (limit 100,
 * cursor), the whole list in one page (limit 1000), the dashboard `/` and
 * `/api/v1/report?format=html`. Then the sizes of the list, `/` and `/metrics` at K.
 * Goals (issue 14): `/healthz` p99 < 100 ms, lag p99 < 50 ms at K=1000 under 16 readers.
 * `node dist/bench/serve-readers.js` (K, READERS, SECONDS, ROUNDS from the environment).
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { freePort } from '../test/support/binaries';
import { percentile } from './support/blackbox';
import { startFleet, type Fleet } from './support/loopback-fleet';
import { memoryOf, sample, startServe, untilReady } from './support/serve-process';

const K = Number(process.env.K ?? 1000);
const READERS = Number(process.env.READERS ?? 16);
const SECONDS = Number(process.env.SECONDS ?? 15);
const ROUNDS = Number(process.env.ROUNDS ?? 2);

interface Got {
  status: number;
  bytes: number;
  ms: number;
  body: string;
}

function fetchOnce(url: string, agent: Agent | false, keepBody = false): Promise<Got> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    get(url, { agent }, (res) => {
      let bytes = 0;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => {
        bytes += c.length;
        if (keepBody) chunks.push(c);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, ms: performance.now() - t0, body: keepBody ? Buffer.concat(chunks).toString() : '' }));
    }).on('error', reject);
  });
}

/** Child mode: ask /healthz every 20 ms on a new connection until told to stop; send the latencies. */
function healthzChild(url: string): void {
  const latencies: number[] = [];
  let failures = 0;
  let stop = false;
  process.on('message', () => void (stop = true));
  void (async () => {
    while (!stop) {
      const got = await fetchOnce(url, false).catch(() => null);
      if (got?.status === 200) latencies.push(got.ms);
      else failures++;
      await new Promise((r) => setTimeout(r, 20));
    }
    process.send!({ latencies, failures }, () => process.exit(0));
  })();
}

interface Phase {
  healthz: number[];
  healthzFailures: number;
  lagP99: number;
  reads: Record<string, Got[]>;
  load: string;
}

async function phase(base: string, readers: number): Promise<Phase> {
  await fetchOnce(`${base}/metrics`, false); // resets the event-loop histogram
  const child = fork(__filename, ['--healthz', `${base}/healthz`], { stdio: 'inherit' });
  const done = new Promise<{ latencies: number[]; failures: number }>((r) => child.once('message', r as (m: unknown) => void));
  const deadline = performance.now() + SECONDS * 1000;
  const reads: Record<string, Got[]> = { 'list paged (limit 100, cursor)': [], 'list unpaged (limit 1000)': [], '/': [], 'report html': [] };
  await Promise.all(
    Array.from({ length: readers }, async (_, r) => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      for (let i = r; performance.now() < deadline; i++) {
        const kind = Object.keys(reads)[i % 4]!;
        if (kind.startsWith('list paged')) {
          let next: string | null = '';
          while (next !== null && performance.now() < deadline) {
            const got = await fetchOnce(`${base}/api/v1/workloads?limit=100${next ? `&cursor=${next}` : ''}`, agent, true);
            reads[kind]!.push(got);
            next = got.status === 200 ? (JSON.parse(got.body) as { next: string | null }).next : null;
            got.body = '';
          }
        } else {
          const url = kind === '/' ? `${base}/` : kind === 'report html' ? `${base}/api/v1/report?format=html` : `${base}/api/v1/workloads?limit=1000`;
          reads[kind]!.push(await fetchOnce(url, agent));
        }
      }
      agent.destroy();
    }),
  );
  if (readers === 0) await new Promise((r) => setTimeout(r, SECONDS * 1000));
  child.send('stop');
  const { latencies, failures } = await done;
  const metrics = await fetchOnce(`${base}/metrics`, false, true);
  return { healthz: latencies, healthzFailures: failures, lagP99: sample(metrics.body, 'nodejs_eventloop_lag_p99_seconds') * 1000, reads, load: loadavg().map((x) => x.toFixed(2)).join(' ') };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (x: number): string => x.toFixed(1).padStart(7);

async function main(): Promise<void> {
  const fleet = await startFleet(K, await freePort());
  try {
    await measure(fleet);
  } finally {
    await fleet.stop();
  }
}

async function measure(fleet: Fleet): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'distroready-bench-'));
  const serve = await startServe({ dir, port: await freePort(), urls: fleet.urls, interval: '1h' });
  const sweepMs = await untilReady(serve.url, 600_000);
  console.log(`K=${K} url workloads, all default probes, first sweep ready after ${(sweepMs / 1000).toFixed(1)} s; ${READERS} readers, ${SECONDS} s phases, ${ROUNDS} alternating rounds; node ${process.version}`);
  const quiet: Phase[] = [];
  const busy: Phase[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    quiet.push(await phase(serve.url, 0));
    busy.push(await phase(serve.url, READERS));
  }
  console.log(`${''.padEnd(28)} /healthz p50  p99 ms  (answers, failed)  lag p99 ms   load average`);
  for (const [label, ps] of [['no readers (baseline)', quiet], [`${READERS} readers`, busy]] as const) {
    for (const p of ps) {
      console.log(`${label.padEnd(28)} ${fmt(percentile(p.healthz, 50))} ${fmt(percentile(p.healthz, 99))}  (${p.healthz.length}, ${p.healthzFailures})${''.padEnd(8)} ${fmt(p.lagP99)}   ${p.load}`);
    }
  }
  const p99 = (ps: Phase[]): number => median(ps.map((p) => percentile(p.healthz, 99)));
  const lag = (ps: Phase[]): number => median(ps.map((p) => p.lagP99));
  console.log(`medians: /healthz p99 ${p99(busy).toFixed(1)} ms under readers vs ${p99(quiet).toFixed(1)} ms without (${(p99(busy) / p99(quiet)).toFixed(2)}×; goal < 100 ms); lag p99 ${lag(busy).toFixed(1)} vs ${lag(quiet).toFixed(1)} ms (goal < 50 ms)`);
  const last = busy[busy.length - 1]!;
  console.log(`readers, last round (${SECONDS} s):`);
  for (const [kind, gots] of Object.entries(last.reads)) {
    const ok = gots.filter((g) => g.status === 200);
    console.log(`  ${kind.padEnd(32)} ${String(ok.length).padStart(5)} answers (${gots.length - ok.length} not 200), ${(ok.reduce((a, g) => a + g.bytes, 0) / 1e6).toFixed(1)} MB, p99 ${percentile(ok.map((g) => g.ms), 99).toFixed(0)} ms`);
  }
  const size = async (u: string): Promise<string> => `${((await fetchOnce(`${serve.url}${u}`, false)).bytes / 1e6).toFixed(3)} MB`;
  console.log(`sizes at K=${K}: /api/v1/workloads?limit=1000 ${await size('/api/v1/workloads?limit=1000')}, /api/v1/workloads (default page) ${await size('/api/v1/workloads')}, / ${await size('/')}, /metrics ${await size('/metrics')}, report html ${await size('/api/v1/report?format=html')} (issue before: 28.5 MB, 10 MB, 1.8 MB)`);
  const families = new Map<string, number>();
  for (const line of (await fetchOnce(`${serve.url}/metrics`, false, true)).body.split('\n')) {
    const name = /^[a-zA-Z_:][\w:]*/.exec(line)?.[0];
    if (name) families.set(name, (families.get(name) ?? 0) + Buffer.byteLength(line) + 1);
  }
  const heaviest = [...families].sort((a, b) => b[1] - a[1]).slice(0, 4);
  console.log(`/metrics bytes by series name: ${heaviest.map(([n, b]) => `${n} ${(b / 1e6).toFixed(2)} MB`).join(', ')}`);
  const mem = memoryOf(serve.pid);
  console.log(`serve RSS ${(mem.rss / 1e6).toFixed(0)} MB, peak ${(mem.peak / 1e6).toFixed(0)} MB`);
  await serve.stop();
  rmSync(dir, { recursive: true, force: true });
}

if (process.argv[2] === '--healthz') healthzChild(process.argv[3]!);
else
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
