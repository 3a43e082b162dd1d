/** `GET /` renders the live report from the store, with trends from history. */
import express from 'express';
import request from 'supertest';
import { dashboardRoutes } from '../../src/api/dashboard-routes';
import type { WorkloadResult } from '../../src/model';
import { MemoryStore } from '../../src/store/memory-store';
import { createReportService } from '../../src/api/report-service';
import { silentLogger } from '../../src/telemetry/logger';
import { testCatalog } from '../support/catalog';
import { loadReport } from './support';

function appWith(store: MemoryStore, names?: () => readonly string[]): express.Express {
  const app = express();
  app.use(dashboardRoutes(store, createReportService(store, testCatalog(), silentLogger()), names));
  return app;
}

it('shows the latest verdicts, with a trend per workload from its history', async () => {
  const store = new MemoryStore();
  const latest = loadReport('fleet').workloads;
  const earlier = latest.map((w): WorkloadResult => ({ ...w, score: w.score === null ? null : Math.max(0, w.score - 20), sweepId: 'earlier' }));
  store.save(earlier);
  store.save(latest);
  const res = await request(appWith(store)).get('/').expect(200);
  expect(res.type).toBe('text/html');
  expect(res.headers['content-security-policy']).toContain("default-src 'none'");
  expect(res.headers['cache-control']).toBe('no-store');
  expect(res.text).toContain('live dashboard');
  expect(res.text.match(/<svg class="trend"/g)).toHaveLength(3); // batch-job has no score to draw
  expect(res.text).toContain('aria-label="score over the last 2 sweep(s): 80 → 100"');
  expect(res.text).toMatch(/<a href="#workload-3">legacy<\/a><\/td><td><span class="badge v-not-ready">not ready<\/span>/);
  expect(res.text).not.toMatch(/<script/i);
  expect(res.text).toContain('<nav><a href="/api/v1/report?format=json">JSON</a>');
});

it('says the first sweep is running, and reloads itself, while the store is empty', async () => {
  const res = await request(appWith(new MemoryStore())).get('/').expect(200);
  expect(res.text).toContain('The first sweep is still running');
  expect(res.text).toContain('<meta http-equiv="refresh" content="5">');
});

it('escapes what a hostile workload put in its results', async () => {
  const store = new MemoryStore();
  store.save(loadReport('hostile').workloads);
  const res = await request(appWith(store)).get('/').expect(200);
  expect(res.text).toContain('evil &lt;script&gt;');
  expect(res.text).not.toMatch(/<script|<img/i);
});

it('keeps to the configured workloads, in config order, when it knows them', async () => {
  const store = new MemoryStore();
  store.save(loadReport('fleet').workloads);
  const res = await request(appWith(store, () => ['legacy', 'checkout'])).get('/').expect(200);
  const names = [...res.text.matchAll(/<tr><td><a href="#workload-\d+">([^<]+)<\/a>/g)].map((m) => m[1]);
  expect(names).toEqual(['legacy', 'checkout']);
});
