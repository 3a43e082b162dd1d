import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { loadChecks } from '../../src/checks/load-checks';
import { parseConfig } from '../../src/config/load-config';
import { startServer } from '../../src/server';
import { silentLogger } from '../../src/telemetry/logger';
import { startWorkloadServer, type WorkloadServer } from '../support/api/workload-server';

describe('distroready serve keeps history across a restart', () => {
  let dir: string;
  let workload: WorkloadServer;
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'distroready-restart-'));
    workload = await startWorkloadServer();
  });
  afterEach(async () => {
    await workload.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers the results and history of the previous run from the SQLite file at storage.path', async () => {
    const checks = loadChecks(undefined, ['health']);
    const yaml = `
server: { host: 127.0.0.1, port: 0 }
otlp: { enabled: false, host: 127.0.0.1, port: 0, grpcPort: 0 }
sweep: { interval: 1h, timeout: 5s }
storage: { path: ./state/history.db }
workloads:
  - name: local
    url: ${workload.url}
    health: { liveness: /livez, readiness: /readyz }
`;
    const config = parseConfig(yaml, path.join(dir, 'distroready.yaml'), {}, checks.ids);
    expect(config.storage.path).toBe(path.join(dir, 'state', 'history.db'));

    const first = await startServer(config, checks, silentLogger());
    await first.scheduler.runOnce();
    const before = await request(first.url).get('/api/v1/workloads/local/history').expect(200);
    expect(before.body.history).toHaveLength(1);
    await first.close();

    const second = await startServer(config, checks, silentLogger());
    try {
      // Before its first sweep, the new process answers what the previous one stored.
      const served = await request(second.url).get('/api/v1/workloads/local').expect(200);
      expect(served.body.sweepId).toBe(before.body.history[0].sweepId);
      await second.scheduler.runOnce();
      const after = await request(second.url).get('/api/v1/workloads/local/history').expect(200);
      // The same state seen again adds no entry: the previous run's still holds.
      expect(after.body.history).toEqual(before.body.history);
      const latest = await request(second.url).get('/api/v1/workloads/local').expect(200);
      expect(latest.body.sweepId).not.toBe(served.body.sweepId);
    } finally {
      await second.close();
    }
  });
});
