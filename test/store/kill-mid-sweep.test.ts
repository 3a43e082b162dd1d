/**
 * A `kill -9` in the middle of a sweep loses only the workloads still in flight: every
 * result judged before it is already in the database, because results are written as they
 * finish, not when the sweep ends. A real `serve` process, killed for real.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { CLI } from '../support/examples-config';
import { countingServer, type CountingServer } from '../support/counting-server';
import { eventually } from '../support/eventually';

/** Accepts connections and reads requests, never answering: a workload that hangs. */
async function hangingServer(): Promise<{ port: number; close(): void }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as { port: number }).port,
    close() {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

const FAST = 20;
const HANGING = 3;

describe('serve killed with SIGKILL mid-sweep', () => {
  let dir: string;
  let fast: CountingServer;
  let hanging: Awaited<ReturnType<typeof hangingServer>>;
  let serve: ChildProcess | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'distroready-kill-'));
    fast = await countingServer({ '/healthz': 200 });
    hanging = await hangingServer();
  });
  afterAll(async () => {
    serve?.kill('SIGKILL');
    await fast.close();
    hanging.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every workload judged before the kill, and none of those in flight', async () => {
    const db = path.join(dir, 'history.db');
    const workloads = [
      ...Array.from({ length: FAST }, (_, i) => `  - { name: fast-${i}, url: "${fast.url}" }`),
      ...Array.from({ length: HANGING }, (_, i) => `  - { name: hanging-${i}, url: "http://127.0.0.1:${hanging.port}" }`),
    ];
    const config = path.join(dir, 'distroready.yaml');
    writeFileSync(
      config,
      `server: { host: 127.0.0.1, port: 0 }
otlp: { enabled: false }
sweep: { interval: 1h, concurrency: 32, timeout: 120s }
storage: { path: ${db} }
probes: { health: { requestTimeoutMs: 120000 } }
workloads:
${workloads.join('\n')}
`,
    );
    serve = spawn(process.execPath, [CLI, 'serve', '--config', config], { stdio: 'ignore' });
    const stored = (): string[] => {
      try {
        const conn = new Database(db, { readonly: true, fileMustExist: true });
        try {
          return (conn.prepare('SELECT name FROM results ORDER BY name').all() as { name: string }[]).map((r) => r.name);
        } finally {
          conn.close();
        }
      } catch {
        return [];
      }
    };
    // All fast workloads judged while the hanging ones still wait for an answer.
    await eventually('the fast workloads to be stored', 60_000, async () => (stored().length >= FAST ? true : undefined));
    serve.kill('SIGKILL');
    await new Promise((r) => serve!.once('exit', r));
    serve = undefined;

    const conn = new Database(db, { readonly: true });
    expect(conn.pragma('integrity_check', { simple: true })).toBe('ok');
    const names = (conn.prepare('SELECT name FROM results ORDER BY name').all() as { name: string }[]).map((r) => r.name);
    expect(names).toEqual(Array.from({ length: FAST }, (_, i) => `fast-${i}`).sort());
    expect(conn.prepare('SELECT count(*) AS n FROM changes').get()).toEqual({ n: FAST });
    // The sweep never finished: what is there was written as each workload finished.
    expect(conn.prepare('SELECT count(*) AS n FROM sweeps').get()).toEqual({ n: 0 });
    conn.close();
  }, 90_000);
});
