/**
 * One `serve` holding K=10,000 url workloads (one nginx on 10,000 loopback addresses,
 * 127.1.0.1–127.1.39.250), all default probes, the default sweep interval (60 s) and
 * concurrency (32): how long each full sweep takes against the interval it must fit in,
 * and serve's peak resident memory (VmHWM) across SWEEPS sweeps. Goal (issue 14): a full
 * sweep well under the interval, peak RSS < 1 GB. While it sweeps, `/healthz` is asked
 * every 250 ms on a new connection, and at the end the sizes of the summary list, `/`
 * and `/metrics` are taken. Sweep start and finish times come from serve's own SQLite
 * `sweeps` table (read after it stops), so they are the engine's, not a poll's.
 * `node dist/bench/serve-10k.js` (K, SWEEPS, INTERVAL, CONCURRENCY from the environment).
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { get } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { freePort } from '../test/support/binaries';
import { percentile } from './support/blackbox';
import { startFleet, type Fleet } from './support/loopback-fleet';
import { processTreeCpuMs } from './support/process-cpu';
import { memoryOf, sample, startServe, untilReady } from './support/serve-process';

const K = Number(process.env.K ?? 10_000);
const SWEEPS = Number(process.env.SWEEPS ?? 2);
const INTERVAL = process.env.INTERVAL ?? '60s';
const CONCURRENCY = process.env.CONCURRENCY ? Number(process.env.CONCURRENCY) : undefined;

function timedGet(url: string): Promise<{ status: number; ms: number; body: string }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    get(url, { agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t0, body: Buffer.concat(chunks).toString() }));
    }).on('error', () => resolve({ status: 0, ms: performance.now() - t0, body: '' }));
  });
}

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
  const serve = await startServe({ dir, port: await freePort(), urls: fleet.urls, interval: INTERVAL, ...(CONCURRENCY ? { concurrency: CONCURRENCY } : {}) });
  console.log(`K=${K} url workloads, all default probes, interval ${INTERVAL}, concurrency ${CONCURRENCY ?? 'default (32)'}, ${SWEEPS} sweeps; node ${process.version}; load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  const healthz: number[] = [];
  let healthzFailed = 0;
  let watching = true;
  const watcher = (async () => {
    while (watching) {
      const got = await timedGet(`${serve.url}/healthz`);
      if (got.status === 200) healthz.push(got.ms);
      else healthzFailed++;
      await delay(250);
    }
  })();
  const cpu0 = processTreeCpuMs(serve.pid);
  await untilReady(serve.url, 30 * 60_000);
  console.log(`first sweep stored: RSS ${(memoryOf(serve.pid).rss / 1e6).toFixed(0)} MB, load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  let last = sample((await timedGet(`${serve.url}/metrics`)).body, 'distroready_last_sweep_timestamp_seconds');
  for (let done = 1; done < SWEEPS; ) {
    await delay(1000);
    const now = sample((await timedGet(`${serve.url}/metrics`)).body, 'distroready_last_sweep_timestamp_seconds');
    if (now !== last) {
      done++;
      last = now;
      console.log(`sweep ${done} stored: RSS ${(memoryOf(serve.pid).rss / 1e6).toFixed(0)} MB, load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
    }
  }
  const cpuMs = processTreeCpuMs(serve.pid) - cpu0;
  watching = false;
  await watcher;
  const sizes: string[] = [];
  for (const u of ['/api/v1/workloads?limit=1000', '/', '/metrics']) {
    const got = await timedGet(`${serve.url}${u}`);
    sizes.push(`${u} ${(Buffer.byteLength(got.body) / 1e6).toFixed(2)} MB in ${got.ms.toFixed(0)} ms`);
  }
  const mem = memoryOf(serve.pid);
  await serve.stop();
  const db = new Database(path.join(dir, 'serve.db'), { readonly: true });
  const sweeps = db.prepare('SELECT started_at, finished_at, workloads FROM sweeps ORDER BY started_at').all() as { started_at: number; finished_at: number; workloads: number }[];
  const changes = (db.prepare('SELECT count(*) AS n FROM changes').get() as { n: number }).n;
  db.close();
  for (const [i, s] of sweeps.entries()) {
    console.log(`sweep ${i + 1}: ${s.workloads} workloads in ${((s.finished_at - s.started_at) / 1000).toFixed(1)} s (interval ${INTERVAL}); ${(s.workloads / ((s.finished_at - s.started_at) / 1000)).toFixed(0)} workloads/s`);
  }
  console.log(`serve peak RSS (VmHWM) ${(mem.peak / 1e6).toFixed(0)} MB (goal < 1000 MB), RSS at end ${(mem.rss / 1e6).toFixed(0)} MB; serve CPU ${(cpuMs / 1000).toFixed(1)} s over the run`);
  console.log(`/healthz during the run: p50 ${percentile(healthz, 50).toFixed(1)} ms, p99 ${percentile(healthz, 99).toFixed(1)} ms, max ${Math.max(...healthz).toFixed(0)} ms (${healthz.length} answers, ${healthzFailed} failed)`);
  console.log(`sizes at K=${K}: ${sizes.join(', ')}`);
  console.log(`SQLite ${(statSync(path.join(dir, 'serve.db')).size / 1e6).toFixed(1)} MB after ${sweeps.length} sweeps, ${changes} history rows`);
  rmSync(dir, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
