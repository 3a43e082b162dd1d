import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { loadChecks } from '../../src/checks/load-checks';
import { parseConfig } from '../../src/config/load-config';
import { startServer, type RunningServer } from '../../src/server';
import { silentLogger } from '../../src/telemetry/logger';
import { startWorkloadServer, type WorkloadServer } from '../support/api/workload-server';

/** The server wires the runner, the token from the config (via its env var) and the store. */
describe('startServer wiring of the API', () => {
  let dir: string;
  let workload: WorkloadServer;
  let running: RunningServer;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'distroready-wiring-'));
    workload = await startWorkloadServer();
    const checks = loadChecks(undefined, ['health']);
    const yaml = `
server: { host: 127.0.0.1, port: 0 }
otlp: { enabled: false, host: 127.0.0.1, port: 0, grpcPort: 0 }
sweep: { interval: 1h, timeout: 5s }
storage: { path: ./history.db }
api: { token: "\${TEST_TOKEN}", allowTargets: [127.0.0.0/8] }
workloads:
  - name: local
    url: ${workload.url}
    health: { liveness: /livez, readiness: /readyz }
`;
    const config = parseConfig(yaml, path.join(dir, 'distroready.yaml'), { TEST_TOKEN: 'wired-token' }, checks.ids);
    running = await startServer(config, checks, silentLogger());
    await running.scheduler.runOnce();
  });
  afterAll(async () => {
    await running?.close();
    await workload?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('asks for the token from the config on traffic-sending endpoints', async () => {
    await request(running.url).post('/api/v1/workloads/local/probe').expect(401);
    await request(running.url).post('/api/v1/checks').set('Authorization', 'Bearer nope').send({ url: workload.url }).expect(403);
  });

  it('stores an on-demand probe as the latest result, adds no history for an unchanged state, and updates /metrics', async () => {
    const res = await request(running.url).post('/api/v1/workloads/local/probe').set('Authorization', 'Bearer wired-token').expect(200);
    const latest = await request(running.url).get('/api/v1/workloads/local').expect(200);
    expect(latest.body.sweepId).toBe(res.body.sweepId);
    const history = await request(running.url).get('/api/v1/workloads/local/history').expect(200);
    // The same workload judged the same way: the sweep's entry still holds.
    expect(history.body.history).toHaveLength(1);
    expect(history.body.history[0].sweepId).not.toBe(res.body.sweepId);
    const metrics = await request(running.url).get('/metrics').expect(200);
    expect(metrics.text).toContain(`distroready_workload_score{workload="local"} ${res.body.score}`);
  });
});
