/**
 * Slowloris against the API server, as issue 14 found it: N sockets send a request line
 * and then one header byte every second, never finishing the headers. Measured: how many
 * the server refused at once (past `server.maxConnections`), how many it still holds each
 * second, and when the last was cut. Baseline, same run, same attack: a bare `node:http`
 * server with Node's defaults (what `app.listen` gave before: headersTimeout 60 s,
 * requestTimeout 300 s, no connection cap), watched for at most `--watch` seconds.
 *
 * Run: `npm run build && node dist/bench/api-slowloris.js` (options: `--sockets 2000
 * --watch 30`). Loopback only; every socket is closed at the end.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const CLI = path.resolve(__dirname, '../src/cli.js');
const DOCKERFILE = path.resolve(__dirname, '../../examples/workloads/ready/Dockerfile');

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

interface Outcome {
  refusedAtOnce: number;
  heldBySecond: number[];
  lastCutAfterS: number | null;
}

async function attack(port: number, sockets: number, watchS: number): Promise<Outcome> {
  const state = Array.from({ length: sockets }, () => ({ open: true, bytes: 0 }));
  const socks: net.Socket[] = [];
  for (const [i, s] of state.entries()) {
    // 100 at a time, so the listen backlog (511) is not what turns them away.
    if (i % 100 === 0) await new Promise((r) => setTimeout(r, 30));
    const sock = net.connect(port, '127.0.0.1');
    sock.on('error', () => {});
    sock.on('data', (c: Buffer) => (s.bytes += c.length));
    sock.on('close', () => (s.open = false));
    sock.once('connect', () => sock.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n'));
    socks.push(sock);
  }
  const drip = setInterval(() => {
    for (const sock of socks) if (sock.writable) sock.write('X');
  }, 1000);
  const heldBySecond: number[] = [];
  let lastCutAfterS: number | null = null;
  for (let t = 1; t <= watchS; t++) {
    await new Promise((r) => setTimeout(r, 1000));
    const held = state.filter((s) => s.open).length;
    heldBySecond.push(held);
    if (held === 0) {
      lastCutAfterS = t;
      break;
    }
  }
  clearInterval(drip);
  // Closed having received nothing: turned away at accept (a 408 from the header clock has bytes).
  const refusedAtOnce = state.filter((s) => !s.open && s.bytes === 0).length;
  for (const sock of socks) sock.destroy();
  return { refusedAtOnce, heldBySecond, lastCutAfterS };
}

async function startServe(port: number): Promise<() => void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'distroready-slowloris-'));
  const file = path.join(dir, 'c.yaml');
  writeFileSync(file, `server: { port: ${port}, host: 127.0.0.1 }\notlp: { enabled: false }\nstorage: { path: ${JSON.stringify(path.join(dir, 'h.db'))} }\nworkloads:\n  - name: s\n    dockerfile: ${JSON.stringify(DOCKERFILE)}\n`);
  const child = spawn(process.execPath, [CLI, 'serve', '--config', file], { stdio: 'ignore', env: { ...process.env, OTEL_SDK_DISABLED: 'true' } });
  for (let i = 0; i < 100; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
    if (ok) return () => child.kill();
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error('serve did not start');
}

function report(name: string, o: Outcome): void {
  const last = o.lastCutAfterS === null ? `still holding ${o.heldBySecond.at(-1)} after ${o.heldBySecond.length} s` : `last cut after ${o.lastCutAfterS} s`;
  console.log(`  ${name.padEnd(32)} closed with no answer (refused) ${o.refusedAtOnce}; held after 1 s ${o.heldBySecond[0]}, after 5 s ${o.heldBySecond[4] ?? 0}, after 11 s ${o.heldBySecond[10] ?? 0}; ${last}`);
}

async function main(): Promise<void> {
  const sockets = arg('sockets', 2000);
  const watch = arg('watch', 30);
  console.log(`slowloris: ${sockets} sockets, one header byte a second each, watched ${watch} s at most`);
  const barePort = await freePort();
  const bare = http.createServer((_req, res) => res.end('ok'));
  await new Promise<void>((r) => bare.listen(barePort, '127.0.0.1', () => r()));
  report('bare node:http (Node defaults)', await attack(barePort, sockets, watch));
  bare.closeAllConnections();
  bare.close();
  const port = await freePort();
  const stop = await startServe(port);
  try {
    report('distroready serve (defaults)', await attack(port, sockets, watch));
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status);
    console.log(`  /healthz after the attack: ${ok}`);
  } finally {
    stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
