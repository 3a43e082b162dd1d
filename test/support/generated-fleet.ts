/**
 * A generated fleet of K real workloads on loopback, for the dashboard's browser test and
 * the page-size benchmark: one HTTP server per workload, each with its own mix of health
 * endpoints, metrics, log file, Dockerfile and manifest, drawn from a seeded generator so
 * the fleet comes out the same every run. distroready sweeps it for real; nothing in the
 * results is made up. `drift()` changes some workloads' live behaviour, so a second sweep
 * has scores that moved.
 */
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

type HealthKind = 'split' | 'single' | 'none' | 'failing';
type MetricsKind = 'rich' | 'basic' | 'invalid' | 'none';
type LogsKind = 'json' | 'logfmt' | 'plain' | 'none';
type DockerfileKind = 'distroless' | 'shell-form' | 'healthcheck-curl' | 'none';
type ManifestKind = 'http-probes' | 'exec-probe' | 'none';

export interface Profile {
  name: string;
  team: string;
  health: HealthKind;
  metrics: MetricsKind;
  logs: LogsKind;
  dockerfile: DockerfileKind;
  manifest: ManifestKind;
  /** Nothing listens at its URL. */
  down: boolean;
}

export interface GeneratedFleet {
  /** The config's YAML: one entry per workload, with a fast logs window and traces wait. */
  yaml: string;
  /** Where the config, Dockerfiles, manifests and log files live. */
  dir: string;
  names: string[];
  /** Team of each workload (a name prefix), for grouping. */
  teams: Record<string, string>;
  /** Changes the live behaviour of about one workload in `every`; returns how many changed. */
  drift(every?: number): number;
  close(): Promise<void>;
}

const TEAMS = ['shop', 'payments', 'search', 'identity', 'platform', 'data', 'media', 'growth'];
const SERVICES = ['api', 'worker', 'gateway', 'cart', 'checkout', 'catalog', 'ledger', 'index', 'auth', 'session', 'ingest', 'thumbnails', 'mailer', 'billing'];

/** mulberry32: a small seeded generator, so the fleet is the same on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T extends string>(rnd: () => number, weights: Record<T, number>): T {
  const entries = Object.entries(weights) as [T, number][];
  let r = rnd() * entries.reduce((s, [, w]) => s + w, 0);
  for (const [k, w] of entries) {
    r -= w;
    if (r < 0) return k;
  }
  return entries[entries.length - 1]![0];
}

export function profiles(count: number, seed: number): Profile[] {
  const rnd = random(seed);
  return Array.from({ length: count }, (_, i) => {
    const team = TEAMS[Math.floor(rnd() * TEAMS.length)]!;
    const service = SERVICES[Math.floor(rnd() * SERVICES.length)]!;
    return {
      name: `${team}-${service}-${i + 1}`,
      team,
      health: pick(rnd, { split: 55, single: 20, none: 15, failing: 10 }),
      metrics: pick(rnd, { rich: 50, basic: 25, invalid: 10, none: 15 }),
      logs: pick(rnd, { json: 55, logfmt: 15, plain: 20, none: 10 }),
      dockerfile: pick(rnd, { distroless: 50, 'shell-form': 20, 'healthcheck-curl': 10, none: 20 }),
      manifest: pick(rnd, { 'http-probes': 55, 'exec-probe': 15, none: 30 }),
      down: rnd() < 0.03,
    };
  });
}

const RICH_METRICS = `# HELP http_requests_total Requests served.
# TYPE http_requests_total counter
http_requests_total{route="/",code="200"} 1027
http_requests_total{route="/",code="500"} 3
# HELP http_request_duration_seconds Request latency.
# TYPE http_request_duration_seconds histogram
http_request_duration_seconds_bucket{le="0.05"} 900
http_request_duration_seconds_bucket{le="0.1"} 1000
http_request_duration_seconds_bucket{le="+Inf"} 1030
http_request_duration_seconds_sum 31.5
http_request_duration_seconds_count 1030
# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.
# TYPE process_cpu_seconds_total counter
process_cpu_seconds_total 12.5
# HELP process_resident_memory_bytes Resident memory size in bytes.
# TYPE process_resident_memory_bytes gauge
process_resident_memory_bytes 5.2e+07
`;
const BASIC_METRICS = `# HELP jobs_done Jobs done.
# TYPE jobs_done counter
jobs_done 17
`;
const INVALID_METRICS = `# TYPE broken counter
broken{label="unterminated} 1
broken 1 2 3
`;

function send(res: http.ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type });
  res.end(body);
}

function handle(p: Profile, req: http.IncomingMessage, res: http.ServerResponse): void {
  const route = new URL(req.url ?? '/', 'http://x').pathname;
  const json = 'application/json';
  if (p.health === 'split' && route === '/livez') return send(res, 200, json, '{"status":"ok"}');
  if (p.health === 'split' && route === '/readyz') return send(res, 200, json, '{"status":"ready"}');
  if (p.health === 'failing' && route === '/livez') return send(res, 200, json, '{"status":"ok"}');
  if (p.health === 'failing' && route === '/readyz') return send(res, 503, json, '{"status":"database unavailable"}');
  if (p.health === 'single' && route === '/healthz') return send(res, 200, 'text/plain', 'ok\n');
  if (route === '/metrics' && p.metrics !== 'none') {
    const body = p.metrics === 'rich' ? RICH_METRICS : p.metrics === 'basic' ? BASIC_METRICS : INVALID_METRICS;
    return send(res, 200, 'text/plain; version=0.0.4', body);
  }
  if (route === '/') return send(res, 200, 'text/plain', 'hello\n');
  send(res, 404, 'text/plain', 'not found\n');
}

const DOCKERFILES: Record<Exclude<DockerfileKind, 'none'>, string> = {
  distroless: 'FROM gcr.io/distroless/nodejs20-debian12:nonroot\nWORKDIR /app\nCOPY . /app\nUSER nonroot\nCMD ["server.js"]\n',
  'shell-form': 'FROM node:20-bookworm-slim\nWORKDIR /app\nCOPY . .\nCMD node server.js\n',
  'healthcheck-curl': 'FROM node:20-bookworm-slim\nRUN apt-get update && apt-get install -y curl\nWORKDIR /app\nCOPY . .\nHEALTHCHECK CMD curl -f http://localhost:8080/ || exit 1\nCMD ["node", "server.js"]\n',
};

function manifest(kind: Exclude<ManifestKind, 'none'>, name: string): string {
  const probes =
    kind === 'http-probes'
      ? '          livenessProbe: { httpGet: { path: /livez, port: 8080 } }\n          readinessProbe: { httpGet: { path: /readyz, port: 8080 } }\n'
      : '          livenessProbe:\n            exec:\n              command: ["sh", "-c", "curl -sf http://localhost:8080/ || exit 1"]\n';
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  selector:
    matchLabels: { app: ${name} }
  template:
    metadata:
      labels: { app: ${name} }
    spec:
      containers:
        - name: app
          image: example.com/${name}:1.0
          securityContext: { runAsNonRoot: true, readOnlyRootFilesystem: true }
${probes}`;
}

function logLines(kind: Exclude<LogsKind, 'none'>, name: string): string {
  const at = (i: number): string => new Date(Date.UTC(2026, 0, 1, 12, 0, i)).toISOString();
  const lines = Array.from({ length: 20 }, (_, i) => {
    if (kind === 'json') return JSON.stringify({ time: at(i), level: 'info', msg: `request ${i} served`, service: name, trace_id: (i + 1).toString(16).padStart(32, '0') });
    if (kind === 'logfmt') return `time=${at(i)} level=info msg="request ${i} served" service=${name}`;
    return `[${at(i)}] served request ${i}`;
  });
  return `${lines.join('\n')}\n`;
}

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

/** A port that was free a moment ago: a workload whose server is not running. */
async function closedPort(): Promise<number> {
  const s = http.createServer();
  const port = await listen(s);
  await new Promise((r) => s.close(r));
  return port;
}

function workloadYaml(p: Profile, url: string, dir: string): string {
  const lines = [`  - name: ${p.name}`, `    url: ${url}`];
  if (p.health === 'split' || p.health === 'failing') lines.push('    health: { liveness: /livez, readiness: /readyz }');
  if (p.logs !== 'none') lines.push(`    logs: { command: [cat, ${JSON.stringify(path.join(dir, "logs", `${p.name}.log`))}] }`);
  if (p.dockerfile !== 'none') lines.push(`    dockerfile: ${JSON.stringify(path.join(dir, 'dockerfiles', p.dockerfile, 'Dockerfile'))}`);
  if (p.manifest !== 'none') lines.push(`    manifests: [${JSON.stringify(path.join(dir, 'manifests', `${p.name}.yaml`))}]`);
  return lines.join('\n');
}

const HEALTH: readonly HealthKind[] = ['split', 'single', 'none', 'failing'];
const METRICS: readonly MetricsKind[] = ['rich', 'basic', 'invalid', 'none'];
const LOGS: readonly LogsKind[] = ['json', 'logfmt', 'plain', 'none'];
const DOCKERFILE: readonly DockerfileKind[] = ['distroless', 'shell-form', 'healthcheck-curl', 'none'];
const MANIFEST: readonly ManifestKind[] = ['http-probes', 'exec-probe', 'none'];

/**
 * Twelve workloads that between them show every kind of every part (and every Dockerfile
 * with every manifest), plus one that is down: what a fleet of any size is made of.
 */
export function basisProfiles(): Profile[] {
  const basis = Array.from({ length: 12 }, (_, i): Profile => ({
    name: `basis-${i + 1}`,
    team: 'basis',
    health: HEALTH[i % 4]!,
    metrics: METRICS[(i + 1) % 4]!,
    logs: LOGS[(i + 2) % 4]!,
    dockerfile: DOCKERFILE[i % 4]!,
    manifest: MANIFEST[i % 3]!,
    down: false,
  }));
  return [...basis, { ...basis[0]!, name: 'basis-down', down: true }];
}

export async function startGeneratedFleet(count: number, seed = 15): Promise<GeneratedFleet> {
  return startFleet(profiles(count, seed), seed);
}

/** One server per profile (none for a profile that is down), and its config. */
export async function startFleet(fleet: Profile[], seed = 15): Promise<GeneratedFleet> {
  const dir = mkdtempSync(path.join(tmpdir(), 'distroready-generated-fleet-'));
  for (const sub of ['logs', 'manifests', ...Object.keys(DOCKERFILES).map((k) => path.join('dockerfiles', k))]) mkdirSync(path.join(dir, sub), { recursive: true });
  for (const [kind, text] of Object.entries(DOCKERFILES)) writeFileSync(path.join(dir, 'dockerfiles', kind, 'Dockerfile'), text);
  const servers: http.Server[] = [];
  const sockets = new Set<Socket>();
  const entries: string[] = [];
  for (const p of fleet) {
    if (p.logs !== 'none') writeFileSync(path.join(dir, 'logs', `${p.name}.log`), logLines(p.logs, p.name));
    if (p.manifest !== 'none') writeFileSync(path.join(dir, 'manifests', `${p.name}.yaml`), manifest(p.manifest, p.name));
    let port: number;
    if (p.down) port = await closedPort();
    else {
      const server = http.createServer((req, res) => handle(p, req, res));
      server.on('connection', (s) => {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
      });
      port = await listen(server);
      servers.push(server);
    }
    entries.push(workloadYaml(p, `http://127.0.0.1:${port}`, dir));
  }
  const yaml = `otlp: { enabled: true, host: 127.0.0.1, port: 0, grpcPort: 0 }
sweep: { concurrency: 64, timeout: 5s }
probes:
  logs: { windowMs: 100 }
  traces: { unknownExporterWaitMs: 100 }
workloads:
${entries.join('\n')}
`;
  writeFileSync(path.join(dir, 'distroready.yaml'), yaml);
  const rnd = random(seed + 1);
  return {
    yaml,
    dir,
    names: fleet.map((p) => p.name),
    teams: Object.fromEntries(fleet.map((p) => [p.name, p.team])),
    drift(every = 8) {
      let changed = 0;
      for (const p of fleet) {
        if (p.down || rnd() * every >= 1) continue;
        // Some get better (endpoints added), some worse (a dependency fails readiness).
        p.health = p.health === 'split' ? 'failing' : 'split';
        p.metrics = p.metrics === 'rich' ? 'basic' : 'rich';
        changed += 1;
      }
      return changed;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    },
  };
}
