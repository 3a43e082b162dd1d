/**
 * A config over the bundled examples on free ports, written to a temp dir, so tests can
 * run `distroready check` / `serve` without clashing with anything on 8080 or 18081.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { freePort } from './binaries';

export const ROOT = path.resolve(__dirname, '..', '..');
export const CLI = path.join(ROOT, 'dist', 'src', 'cli.js');

export async function examplesConfig(extra = ''): Promise<{ file: string; dir: string; serverPort: number }> {
  const [serverPort, otlpPort, grpcPort, readyPort, legacyPort] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
  const dir = mkdtempSync(path.join(tmpdir(), 'distroready-'));
  const ex = (p: string): string => path.join(ROOT, 'examples', 'workloads', p);
  const yaml = `server: { port: ${serverPort}, host: 127.0.0.1 }
otlp: { port: ${otlpPort}, grpcPort: ${grpcPort}, host: 127.0.0.1 }
sweep: { interval: 60s, timeout: 15s }
storage: { path: ${JSON.stringify(path.join(dir, 'history.db'))} }
${extra}
workloads:
  - name: ready
    run: { command: [${JSON.stringify(process.execPath)}, ${JSON.stringify(ex('ready/server.js'))}], cwd: ${JSON.stringify(ROOT)}, env: { PORT: "${readyPort}" }, port: ${readyPort} }
    health: { liveness: /livez, readiness: /readyz }
    dockerfile: ${JSON.stringify(ex('ready/Dockerfile'))}
    manifests: [${JSON.stringify(ex('ready/deployment.yaml'))}]
  - name: legacy
    run: { command: [${JSON.stringify(process.execPath)}, ${JSON.stringify(ex('legacy/server.js'))}], cwd: ${JSON.stringify(ROOT)}, env: { PORT: "${legacyPort}" }, port: ${legacyPort} }
    dockerfile: ${JSON.stringify(ex('legacy/Dockerfile'))}
    manifests: [${JSON.stringify(ex('legacy/deployment.yaml'))}]
`;
  const file = path.join(dir, 'distroready.yaml');
  writeFileSync(file, yaml);
  return { file, dir, serverPort };
}
