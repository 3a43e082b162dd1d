/**
 * Judges the real programs twice through the CLI (`distroready check --format json`), the
 * contract an operator uses: once as `run` workloads (distroready launches each), once as
 * `url` workloads (started here, their stdout and stderr kept in files the way a container
 * runtime keeps them, and read back with `logs.command` as `kubectl logs` would). One
 * sweep per mode with every program in it, so the programs start and are probed in
 * parallel.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { freePort } from './binaries';
import { CLI } from './examples-config';
import { programDir, startProgram, type Prepared, type RealProgram, type Started } from './real-programs';

export const MODES = ['run', 'url'] as const;
export type Mode = (typeof MODES)[number];

/** The slice of the JSON report these tests read. */
export interface JudgedWorkload {
  name: string;
  score: number | null;
  verdict: string;
  blockers: string[];
  /** The engine's preflight: whether the live workload was seen. */
  reach?: { status: string; detail: string };
  probes: Record<string, { status: string; facts: Record<string, unknown>; reason?: string }>;
  checks: { id: string; probe: string; status: string; severity: string; message: string; evidence: string[] }[];
}

export interface Judged {
  byMode: Record<Mode, Map<string, JudgedWorkload>>;
  /** Seconds from the first program started to both reports written. */
  seconds: number;
  stop(): void;
}

/**
 * Short windows: every program here answers in milliseconds, and none exports spans; long
 * request timeouts, which cost nothing on a server that answers, so a loaded machine (load
 * average 20 on 2 cores is common here) does not turn a slow answer into "speaks no HTTP". The two
 * checks that compare a wall time with a threshold are off: on a shared machine they time
 * the machine (and, issue 10 point 8, distroready's own queueing), and tests never assert on
 * wall time. test/real/expectations.ts keeps what they should say as pending.
 */
const PROBE_OPTIONS = `probes:
  logs: { windowMs: 1000 }
  traces: { waitMs: 1500, unknownExporterWaitMs: 1000, requestTimeoutMs: 20000 }
  health: { requestTimeoutMs: 20000 }
  metrics: { scrapeTimeoutMs: 20000 }
checks: { healthSlow: { enabled: false }, metricsScrapeSlow: { enabled: false } }`;

async function configFile(dir: string, workloads: string[]): Promise<string> {
  const [server, otlp, grpc] = await Promise.all([freePort(), freePort(), freePort()]);
  const yaml = `server: { port: ${server}, host: 127.0.0.1 }
otlp: { port: ${otlp}, grpcPort: ${grpc}, host: 127.0.0.1 }
sweep: { interval: 60s, concurrency: 32, timeout: 15s }
storage: { path: ${JSON.stringify(path.join(dir, 'history.db'))} }
${PROBE_OPTIONS}
workloads:
${workloads.join('\n')}
`;
  return writeFile(dir, 'distroready.yaml', yaml);
}

function writeFile(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

const j = (v: unknown): string => JSON.stringify(v);

function runWorkload(id: string, p: Prepared): string {
  return `  - name: ${id}
    url: ${p.url}
    run: { command: ${j(p.command)}, port: ${p.port}, startTimeout: 40s }${p.workload ? `\n    ${Object.entries(p.workload).map(([k, v]) => `${k}: ${j(v)}`).join('\n    ')}` : ''}`;
}

function urlWorkload(id: string, p: Prepared, started: Started): string {
  return `  - name: ${id}
    url: ${p.url}
    logs: { command: ${j(['cat', started.stdoutFile, started.stderrFile])} }${p.workload ? `\n    ${Object.entries(p.workload).map(([k, v]) => `${k}: ${j(v)}`).join('\n    ')}` : ''}`;
}

function check(config: string, out: string): Promise<Map<string, JudgedWorkload>> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CLI, 'check', '--config', config, '--format', 'json', '--out', out], { timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (err, _stdout, stderr) => {
      if (err) return reject(new Error(`distroready check failed: ${err.message}\n${stderr}`));
      const report = JSON.parse(readFileSync(out, 'utf8')) as { workloads: JudgedWorkload[] };
      resolve(new Map(report.workloads.map((w) => [w.name, w])));
    });
  });
}

/** Prepares and judges every program in both modes. */
export async function judgeBothModes(programs: { program: RealProgram; bin: string }[]): Promise<Judged> {
  const began = Date.now();
  const dirs: string[] = [];
  const dir = (id: string): string => {
    const d = programDir(id);
    dirs.push(d);
    return d;
  };
  const work = dir('judge');
  const prepared = await Promise.all(
    programs.map(async ({ program, bin }) => {
      const runDir = dir(`${program.id}-run`);
      const urlDir = dir(`${program.id}-url`);
      const [run, url] = await Promise.all([program.prepare(bin, runDir), program.prepare(bin, urlDir)]);
      return { id: program.id, run, url, urlDir };
    }),
  );
  const started: Started[] = [];
  // Data dirs go too (a postgres cluster is ~40 MB); the run-mode programs ended with `check`.
  const stop = (): void => {
    started.forEach((s) => s.stop());
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  };
  try {
    // One mode after the other: twenty servers and two sweeps at once on two cores time the machine, not the programs.
    const reports = { run: path.join(work, 'run.json'), url: path.join(work, 'url.json') };
    const run = await check(await configFile(dir('judge-run'), prepared.map((p) => runWorkload(p.id, p.run))), reports.run);
    started.push(...(await Promise.all(prepared.map((p) => startProgram(p.url, p.urlDir)))));
    const url = await check(await configFile(dir('judge-url'), prepared.map((p, i) => urlWorkload(p.id, p.url, started[i]!))), reports.url);
    // To read the whole reports: DISTROREADY_REAL_REPORTS=/some/dir npx jest test/real
    const keep = process.env.DISTROREADY_REAL_REPORTS;
    if (keep) for (const [mode, file] of Object.entries(reports)) copyFileSync(file, path.join(keep, `${mode}.json`));
    return { byMode: { run, url }, seconds: (Date.now() - began) / 1000, stop };
  } catch (err) {
    stop();
    throw err;
  }
}
