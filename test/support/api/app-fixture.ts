/** Builds the app as the server does, over an in-memory store, for supertest. */
import type { Express } from 'express';
import { Registry } from 'prom-client';
import { createApp, type AppDeps } from '../../../src/api/create-app';
import type { AccessConfig } from '../../../src/api/auth';
import type { ProbeRunner } from '../../../src/api/probe-runner';
import { createMetrics } from '../../../src/metrics/metrics';
import type { WorkloadResult } from '../../../src/model';
import { MemoryStore } from '../../../src/store/memory-store';
import { silentLogger } from '../../../src/telemetry/logger';
import { testCatalog } from '../catalog';
import { REACHED } from '../results';

export function sampleResult(name: string, overrides: Partial<WorkloadResult> = {}): WorkloadResult {
  return {
    name,
    score: 70,
    verdict: 'caveats',
    blockers: [],
    reach: REACHED,
    incomplete: [],
    probes: {
      health: { status: 'pass', facts: { liveness: { status: 200 } }, durationMs: 4 },
      shell: { status: 'skip', facts: {}, reason: 'no Dockerfile, manifests or process', durationMs: 0 },
    },
    checks: [
      { id: 'healthLivenessMissing', probe: 'health', status: 'pass', severity: 'important', message: 'liveness answers', evidence: ['GET /livez 200'], remediation: 'add /livez' },
      { id: 'healthSlow', probe: 'health', status: 'fail', severity: 'normal', message: 'slow', evidence: ['1.2 s'], remediation: 'answer faster' },
    ],
    probedAt: '2026-01-01T10:00:00.000Z',
    sweepId: 'abc123',
    ...overrides,
  };
}

export interface AppFixture {
  app: Express;
  store: MemoryStore;
}

export function appFixture(o: { workloads?: string[]; results?: WorkloadResult[]; runner?: ProbeRunner; access?: AccessConfig; store?: MemoryStore; dashboard?: AppDeps['dashboard'] } = {}): AppFixture {
  const store = o.store ?? new MemoryStore();
  if (o.results) store.save(o.results);
  const names = o.workloads ?? ['checkout', 'billing'];
  const app = createApp({
    store,
    metrics: createMetrics(new Registry(), { processMetrics: false }),
    logger: silentLogger(),
    readiness: { notReadyReason: () => null },
    workloadNames: () => names,
    runner: o.runner,
    access: o.access,
    catalog: testCatalog(),
    dashboard: o.dashboard,
  });
  return { app, store };
}
