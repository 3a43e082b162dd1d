import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { MemoryStore } from '../../src/store/memory-store';
import { appFixture } from '../support/api/app-fixture';
import { realRunner } from '../support/api/real-runner';

/**
 * An allowed target that redirects to the cloud metadata address: the redirect is refused
 * by the client (re-checked on every hop), so the result shows the refusal, not metadata.
 */
describe('POST /checks against a target that redirects to 169.254.169.254', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/iam/security-credentials/' });
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('follows no redirect outside the allow-list and says so in the result', async () => {
    const store = new MemoryStore();
    const { app } = appFixture({ workloads: [], store, runner: realRunner({ workloadUrl: url, allowTargets: ['127.0.0.0/8'] }) });
    const res = await request(app).post('/api/v1/checks').send({ url, probes: ['health'] }).expect(200);
    expect(JSON.stringify(res.body)).toContain('169.254.169.254 is link-local or a cloud metadata address');
  });
});
