/**
 * `distroready serve` attacked for real, as a process on loopback: a taken port, slow
 * header senders (slowloris) past maxConnections, an open traffic surface, a disk that
 * stops taking writes. Everything is bounded in count and time, and what is asserted is
 * counted (sockets closed, 408s, exit codes, log lines, counters), never how long it took.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promtoolCheckMetrics } from '../support/api/promtool';
import { freePort, findBinary, requireBinary } from '../support/binaries';
import { CLI, ROOT } from '../support/examples-config';
import { eventually, untilStatus } from '../support/eventually';

const DOCKERFILE = path.join(ROOT, 'examples', 'workloads', 'ready', 'Dockerfile');

interface Serve {
  child: ChildProcess;
  base: string;
  port: number;
  dir: string;
  stdout: string[];
  stderr: string[];
  exited: Promise<number | null>;
}

async function serve(o: { server?: string; otlp?: string; storage?: string; api?: string; env?: NodeJS.ProcessEnv; port?: number } = {}): Promise<Serve> {
  const port = o.port ?? (await freePort());
  const dir = mkdtempSync(path.join(tmpdir(), 'distroready-harden-'));
  const yaml = `server: { port: ${port}, host: 127.0.0.1${o.server ? `, ${o.server}` : ''} }
otlp: ${o.otlp ?? '{ enabled: false }'}
sweep: { interval: 1s }
storage: { path: ${JSON.stringify(path.join(dir, 'history.db'))}${o.storage ? `, ${o.storage}` : ''} }
${o.api ? `api: ${o.api}` : ''}
workloads:
  - name: static
    dockerfile: ${JSON.stringify(DOCKERFILE)}
`;
  const file = path.join(dir, 'distroready.yaml');
  writeFileSync(file, yaml);
  const env = { ...process.env, DISTROREADY_TOKEN: undefined, OTEL_SDK_DISABLED: 'true', ...o.env };
  const child = spawn(process.execPath, [CLI, 'serve', '--config', file], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout: string[] = [];
  const stderr: string[] = [];
  let partial = '';
  child.stdout!.on('data', (c: Buffer) => {
    const parts = (partial + c.toString()).split('\n');
    partial = parts.pop() ?? '';
    stdout.push(...parts);
  });
  child.stderr!.on('data', (c: Buffer) => stderr.push(c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, base: `http://127.0.0.1:${port}`, port, dir, stdout, stderr, exited };
}

const logLines = (s: Serve): Record<string, unknown>[] => s.stdout.flatMap((l) => { try { return [JSON.parse(l) as Record<string, unknown>]; } catch { return []; } });

async function stop(s: Serve): Promise<void> {
  if (s.child.exitCode === null) s.child.kill('SIGKILL');
  await s.exited;
}

async function holdPort(): Promise<{ port: number; close(): Promise<void> }> {
  const blocker = net.createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
  return { port: (blocker.address() as net.AddressInfo).port, close: () => new Promise((r) => blocker.close(() => r())) };
}

describe('serve on a taken port', () => {
  it.each([
    ['server.port', (p: number) => ({ port: p })],
    ['otlp.port', (p: number) => ({ otlp: `{ host: 127.0.0.1, port: ${p}, grpcPort: 0 }` })],
    ['otlp.grpcPort', (p: number) => ({ otlp: `{ host: 127.0.0.1, port: 0, grpcPort: ${p} }` })],
  ])('exits 2 saying the %s is in use, instead of a TypeError and a hang', async (key, options) => {
    const blocker = await holdPort();
    try {
      const s = await serve(options(blocker.port));
      const code = await Promise.race([s.exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 20_000))]);
      if (code === 'hung') await stop(s);
      expect(code).toBe(2);
      expect(s.stderr.join('')).toContain(`port ${blocker.port} is in use (${key})`);
      expect(s.stderr.join('')).not.toContain('TypeError');
    } finally {
      await blocker.close();
    }
  }, 30_000);
});

describe('serve start-up with no token', () => {
  let s: Serve;
  beforeAll(async () => {
    s = await serve();
    await eventually('serve to answer /healthz', 30_000, untilStatus(`${s.base}/healthz`, 200), () => s.stderr.join(''), 100);
  }, 40_000);
  afterAll(() => stop(s));

  it('warns once that the traffic endpoints are open, naming the address it listens on', () => {
    const lines = logLines(s);
    const warns = lines.filter((l) => l.level === 'warn' && String(l.msg).includes('open without a token'));
    expect(warns).toHaveLength(1);
    expect(warns[0]).toMatchObject({ listen: `127.0.0.1:${s.port}`, allowTargets: ['127.0.0.0/8', '::1/128'] });
    expect(lines.find((l) => l.msg === 'distroready serving')).toMatchObject({ listen: `127.0.0.1:${s.port}` });
  });
});

describe('serve with DISTROREADY_TOKEN and no api: section', () => {
  let s: Serve;
  beforeAll(async () => {
    s = await serve({ env: { DISTROREADY_TOKEN: 'env-token' } });
    await eventually('serve to answer /healthz', 30_000, untilStatus(`${s.base}/healthz`, 200), () => s.stderr.join(''), 100);
  }, 40_000);
  afterAll(() => stop(s));

  it('guards the traffic endpoints with the token and does not warn', async () => {
    expect((await fetch(`${s.base}/probe?target=127.0.0.1:9`)).status).toBe(401);
    expect((await fetch(`${s.base}/api/v1/checks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"url":"http://127.0.0.1:9/"}' })).status).toBe(401);
    expect(logLines(s).filter((l) => String(l.msg).includes('open without a token'))).toHaveLength(0);
  });
});

describe('serve under a slowloris attack', () => {
  const MAX = 40;
  const SOCKETS = 60;
  let s: Serve;
  beforeAll(async () => {
    s = await serve({ server: `headersTimeout: 1s, requestTimeout: 2s, maxConnections: ${MAX}` });
    await eventually('serve to answer /healthz', 30_000, untilStatus(`${s.base}/healthz`, 200), () => s.stderr.join(''), 100);
  }, 40_000);
  afterAll(() => stop(s));

  it(`cuts slow header senders at headersTimeout and refuses sockets past maxConnections=${MAX}`, async () => {
    const results = Array.from({ length: SOCKETS }, () => ({ bytes: '', closed: false }));
    const drips: NodeJS.Timeout[] = [];
    const sockets = results.map((r) => {
      const sock = net.connect(s.port, '127.0.0.1');
      sock.on('error', () => {});
      sock.on('data', (c: Buffer) => (r.bytes += c.toString('latin1')));
      sock.on('close', () => (r.closed = true));
      sock.once('connect', () => {
        sock.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n');
        // One header byte every 200 ms: the headers never finish, each byte resets nothing.
        drips.push(setInterval(() => sock.writable && sock.write('X'), 200));
      });
      return sock;
    });
    try {
      await eventually('every slow socket to be closed by the server', 20_000, async () => (results.every((r) => r.closed) ? true : undefined), undefined, 100);
      const timedOut = results.filter((r) => r.bytes.startsWith('HTTP/1.1 408')).length;
      const refused = results.filter((r) => r.bytes === '').length;
      expect(timedOut).toBeLessThanOrEqual(MAX);
      expect(timedOut).toBeGreaterThan(0);
      expect(refused).toBeGreaterThanOrEqual(SOCKETS - MAX);
      expect(timedOut + refused).toBe(SOCKETS);
      expect((await fetch(`${s.base}/healthz`)).status).toBe(200);
    } finally {
      for (const d of drips) clearInterval(d);
      for (const sock of sockets) sock.destroy();
    }
  }, 30_000);
});

/**
 * A disk that stops taking writes, for real: the database and its WAL made immutable
 * (chattr +i, which holds for root too), or read-only where chattr is not to be had.
 */
function makeUnwritable(files: string[], on: boolean): boolean {
  if (findBinary('chattr') && process.getuid?.() === 0) {
    execFileSync('chattr', [on ? '+i' : '-i', ...files]);
    return true;
  }
  if (process.getuid?.() === 0) return false;
  execFileSync('chmod', [on ? 'a-w' : 'u+w', ...files]);
  return true;
}

describe('serve when storage writes fail', () => {
  let s: Serve;
  let files: string[] = [];
  beforeAll(async () => {
    s = await serve({ storage: 'maxWriteFailures: 2' });
    await eventually('serve to be ready', 30_000, untilStatus(`${s.base}/readyz`, 200), () => s.stderr.join(''), 100);
  }, 40_000);
  afterAll(async () => {
    if (files.length) makeUnwritable(files, false);
    await stop(s);
  });

  it('counts failed writes on /metrics, turns /readyz 503 after the bound, and recovers when the disk does', async () => {
    const db = path.join(s.dir, 'history.db');
    files = [db, `${db}-wal`].filter((f) => existsSync(f));
    if (!makeUnwritable(files, true)) return void console.warn('no way to make a file unwritable here; skipped');
    const failures = async (): Promise<number> => Number(/^distroready_storage_write_failures_total (\d+)/m.exec(await (await fetch(`${s.base}/metrics`)).text())?.[1] ?? -1);
    expect(await failures()).toBe(0);
    const reason = await eventually('/readyz to turn 503 for storage', 30_000, async () => {
      const res = await fetch(`${s.base}/readyz`);
      const body = (await res.json()) as { reason?: string };
      return res.status === 503 && body.reason?.startsWith('storage:') ? body.reason : undefined;
    }, undefined, 200);
    expect(reason).toMatch(/the last \d+ history writes failed \(.*I\/O|readonly|read-only/i);
    expect(await failures()).toBeGreaterThanOrEqual(2);
    expect(logLines(s).some((l) => l.msg === 'history write failed; will retry')).toBe(true);
    const promtool = requireBinary('promtool');
    if (promtool) {
      const body = await (await fetch(`${s.base}/metrics`)).text();
      expect(body).toMatch(/^# HELP distroready_storage_write_failures_total Failed attempts to write result history/m);
      expect(promtoolCheckMetrics(promtool, body)).toEqual({ status: 0, findings: '' });
    }
    makeUnwritable(files, false);
    files = [];
    await eventually('/readyz to recover once writes succeed', 30_000, untilStatus(`${s.base}/readyz`, 200), undefined, 250);
  }, 70_000);
});
