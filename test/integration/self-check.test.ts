/**
 * distroready practises what it checks: `distroready check` on its own `serve` (its logs,
 * /metrics, traces, /healthz and /readyz, its Dockerfile and deploy manifests) says ready.
 * The configs mirror config/self-check.yaml on free ports.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { Report } from '../../src/model';
import { freePort } from '../support/binaries';
import { CLI, ROOT } from '../support/examples-config';

const run = promisify(execFile);

it('distroready check on distroready says ready, with nothing important failing', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'distroready-self-'));
  const port = await freePort();
  const inner = path.join(dir, 'target.yaml');
  writeFileSync(inner, `server: { port: ${port}, host: 127.0.0.1 }\notlp: { enabled: false }\nstorage: { path: ${JSON.stringify(path.join(dir, 'self.db'))} }\nworkloads: []\n`);
  const outer = path.join(dir, 'self-check.yaml');
  writeFileSync(
    outer,
    `sweep: { timeout: 20s }
otlp: { port: 0, grpcPort: 0, host: 127.0.0.1 }
workloads:
  - name: distroready
    run: { command: [${JSON.stringify(process.execPath)}, ${JSON.stringify(CLI)}, serve, --config, ${JSON.stringify(inner)}], cwd: ${JSON.stringify(ROOT)}, port: ${port} }
    health: { liveness: /healthz, readiness: /readyz }
    dockerfile: ${JSON.stringify(path.join(ROOT, 'Dockerfile'))}
    manifests: [${JSON.stringify(path.join(ROOT, 'deploy', 'distroready.yaml'))}]
`,
  );
  const { stdout } = await run(process.execPath, [CLI, 'check', '--config', outer, '--format', 'json'], { timeout: 90_000 });
  const self = (JSON.parse(stdout) as Report).workloads[0]!;
  const serious = self.checks.filter((c) => c.status === 'fail' && (c.severity === 'critical' || c.severity === 'important'));
  expect(serious).toEqual([]);
  expect(self.verdict).toBe('ready');
  // Every probe ran against it: none was skipped or errored.
  expect(Object.fromEntries(Object.entries(self.probes).map(([id, p]) => [id, ['pass', 'warn'].includes(p.status)]))).toEqual({
    logs: true, metrics: true, traces: true, health: true, shell: true, base: true,
  });
}, 100_000);
