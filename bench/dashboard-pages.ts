/**
 * Dashboard page sizes and render times at K = 1,000 workloads, against the baseline of
 * rendering the whole fleet in one page (the saved HTML report of every workload — what
 * `GET /` served before the dashboard paged), in the same run. Every page is fetched over
 * HTTP from the real app on a SQLite store holding three sweeps of a generated fleet judged
 * from real probes' facts (`test/support/judged-fleet.ts`); the median of ROUNDS requests
 * after a warm-up. Also counts store history reads per request: a page reads the history
 * of the workloads it shows, never the fleet's.
 *
 * Goal: each page (exports aside, which are the whole view on purpose) ≤ 2 % of the
 * baseline's bytes at K = 1,000.
 *
 * Run: `npm run bench:dashboard` (K: `node dist/bench/dashboard-pages.js 1000`).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Registry } from 'prom-client';
import { createApp } from '../src/api/create-app';
import { createMetrics } from '../src/metrics/metrics';
import { buildReport } from '../src/model';
import { expandResult } from '../src/report/expand-result';
import { renderHtml } from '../src/report/html';
import { SqliteStore } from '../src/store/sqlite-store';
import { silentLogger } from '../src/telemetry/logger';
import { judgedFleet } from '../test/support/judged-fleet';

const K = Number(process.argv[2] ?? 1000);
const ROUNDS = 15;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function timed(url: string): Promise<{ ms: number; bytes: number; status: number }> {
  const start = process.hrtime.bigint();
  const res = await fetch(url);
  const body = await res.arrayBuffer();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, bytes: body.byteLength, status: res.status };
}

async function main(): Promise<void> {
  process.stdout.write(`generating ${K} workloads (3 sweeps, judged from a real sweep of the basis fleet)…\n`);
  const { sweeps, catalog } = await judgedFleet(K, { sweeps: 3 });
  const latest = sweeps[sweeps.length - 1]!;
  const store = new SqliteStore({ file: path.join(mkdtempSync(path.join(tmpdir(), 'distroready-bench-dash-')), 'h.db'), retentionMs: 30 * 86_400_000, logger: silentLogger(), now: () => Date.parse('2026-03-02T09:00:00.000Z') });
  for (const s of sweeps) store.save(s);
  let historyReads = 0;
  const history = store.history.bind(store);
  store.history = (name, limit) => {
    historyReads += 1;
    return history(name, limit);
  };
  const names = latest.map((w) => w.name);
  // The app as serve builds it: reports (the exports) render in the worker, from the build.
  const app = createApp({ store, catalog, metrics: createMetrics(new Registry()), logger: silentLogger(), workloadNames: () => names, readiness: { notReadyReason: () => null } });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // Baseline: the whole fleet in one page, rendered as the old `GET /` did.
  const baselineMs: number[] = [];
  let baselineBytes = 0;
  for (let i = 0; i < 5; i++) {
    const start = process.hrtime.bigint();
    baselineBytes = Buffer.byteLength(renderHtml(buildReport(latest.map((r) => expandResult(r, catalog)), catalog)));
    baselineMs.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const baseMs = median(baselineMs);
  const apiAll = await timed(`${base}/api/v1/workloads`);

  const someone = encodeURIComponent(latest[Math.floor(K / 2)]!.name);
  const pages: [string, string][] = [
    ['overview /', '/'],
    ['list /workloads (page 1 of 50 rows)', '/workloads'],
    ['list, filtered and sorted by change', '/workloads?verdict=not-ready&sort=change'],
    ['list, last page', `/workloads?page=${Math.ceil(K / 50)}`],
    ['workload page /workloads/{name}', `/workloads/${someone}`],
    ['every failing check /checks', '/checks'],
    ['every group /groups', '/groups'],
    ['export: CSV of the whole view', '/export.csv'],
    ['export: Markdown of not-ready', '/export.md?verdict=not-ready'],
  ];
  process.stdout.write(`\nK=${K}. Baseline, the whole fleet as one HTML page: ${(baselineBytes / 1e6).toFixed(2)} MB in ${baseMs.toFixed(0)} ms (GET /api/v1/workloads, the fleet as JSON: ${(apiAll.bytes / 1e6).toFixed(2)} MB in ${apiAll.ms.toFixed(0)} ms).\n\n`);
  process.stdout.write('| page | bytes | of baseline | median ms | of baseline | history reads |\n|---|---:|---:|---:|---:|---:|\n');
  for (const [label, url] of pages) {
    await timed(`${base}${url}`); // warm-up: the summaries are built once per new sweep
    const before = historyReads;
    const runs: { ms: number; bytes: number; status: number }[] = [];
    for (let i = 0; i < ROUNDS; i++) runs.push(await timed(`${base}${url}`));
    if (runs.some((r) => r.status !== 200)) throw new Error(`${url} answered ${runs[0]!.status}`);
    const bytes = runs[0]!.bytes;
    const ms = median(runs.map((r) => r.ms));
    const reads = (historyReads - before) / ROUNDS;
    process.stdout.write(`| ${label} | ${(bytes / 1024).toFixed(1)} KB | ${((bytes / baselineBytes) * 100).toFixed(2)} % | ${ms.toFixed(1)} | ${(ms / baseMs).toFixed(3)}× | ${reads} |\n`);
  }
  await new Promise((r) => server.close(r));
  store.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
