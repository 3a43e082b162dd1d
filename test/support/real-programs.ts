/**
 * Real programs from Debian's packages, each started on loopback with a free port and a
 * temp data dir, the way docs/real-software.md describes them. A program is prepared
 * twice: once for distroready to launch (`run`), once started here for distroready to be
 * pointed at (`url`). Their expected judgements live in test/real/expectations.ts.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { tcpAccepts } from '../../src/net/tcp-connect';
import { findBinary, freePort } from './binaries';

/** What distroready is given for one program: argv, the port it listens on, its base URL. */
export interface Prepared {
  command: string[];
  port: number;
  url: string;
  /** Extra workload keys (health, metrics, traces …) an operator would write for it. */
  workload?: Record<string, unknown>;
}

export interface RealProgram {
  id: string;
  /** The Debian package that ships it (for .ci/run). */
  pkg: string;
  /** Finds its binary; `null` when not installed. */
  binary(): string | null;
  /** Writes its config into `dir` and says how to start it. */
  prepare(bin: string, dir: string): Promise<Prepared>;
}

/** postgres refuses to run as root: drop to the `postgres` account the package creates. */
function asPostgres(argv: string[]): string[] {
  if (process.getuid?.() !== 0) return argv;
  return ['setpriv', '--reuid=postgres', '--regid=postgres', '--init-groups', '--', ...argv];
}

function postgresBinary(name: string): string | null {
  const inPath = findBinary(name);
  if (inPath) return inPath;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) if (existsSync(path.join(root, v, 'bin', name))) return path.join(root, v, 'bin', name);
  return null;
}

const loop = (port: number): string => `127.0.0.1:${port}`;
const http = (port: number): string => `http://127.0.0.1:${port}`;
const write = (dir: string, name: string, text: string): string => {
  writeFileSync(path.join(dir, name), text);
  return path.join(dir, name);
};

export const REAL_PROGRAMS: readonly RealProgram[] = [
  {
    id: 'node-exporter',
    pkg: 'prometheus-node-exporter',
    binary: () => findBinary('prometheus-node-exporter'),
    async prepare(bin) {
      const port = await freePort();
      return { command: [bin, `--web.listen-address=${loop(port)}`], port, url: http(port) };
    },
  },
  {
    id: 'alertmanager',
    pkg: 'prometheus-alertmanager',
    binary: () => findBinary('prometheus-alertmanager'),
    async prepare(bin, dir) {
      const port = await freePort();
      const config = write(dir, 'alertmanager.yml', 'route: { receiver: "null" }\nreceivers: [ { name: "null" } ]\n');
      // --cluster.listen-address= : no gossip port on 0.0.0.0:9094 for a single instance.
      return { command: [bin, `--config.file=${config}`, `--storage.path=${dir}`, `--web.listen-address=${loop(port)}`, '--cluster.listen-address='], port, url: http(port) };
    },
  },
  {
    id: 'pushgateway',
    pkg: 'prometheus-pushgateway',
    binary: () => findBinary('prometheus-pushgateway'),
    async prepare(bin) {
      const port = await freePort();
      return { command: [bin, `--web.listen-address=${loop(port)}`], port, url: http(port) };
    },
  },
  {
    id: 'blackbox-exporter',
    pkg: 'prometheus-blackbox-exporter',
    binary: () => findBinary('prometheus-blackbox-exporter'),
    async prepare(bin, dir) {
      const port = await freePort();
      const config = write(dir, 'blackbox.yml', 'modules: { http_2xx: { prober: http } }\n');
      return { command: [bin, `--config.file=${config}`, `--web.listen-address=${loop(port)}`], port, url: http(port) };
    },
  },
  {
    id: 'prometheus',
    pkg: 'prometheus',
    binary: () => findBinary('prometheus'),
    async prepare(bin, dir) {
      const port = await freePort();
      const config = write(dir, 'prometheus.yml', 'global: { scrape_interval: 15s }\n');
      return { command: [bin, `--config.file=${config}`, `--storage.tsdb.path=${path.join(dir, 'tsdb')}`, `--web.listen-address=${loop(port)}`], port, url: http(port) };
    },
  },
  {
    id: 'etcd',
    pkg: 'etcd-server',
    binary: () => findBinary('etcd'),
    async prepare(bin, dir) {
      const [port, peer] = await Promise.all([freePort(), freePort()]);
      // etcd 3.4 logs with capnslog (plain) unless told --logger=zap, the default from 3.5 on.
      const command = [bin, '--logger=zap', '--log-outputs=stderr', '--name=default', `--data-dir=${path.join(dir, 'data')}`];
      command.push(`--listen-client-urls=${http(port)}`, `--advertise-client-urls=${http(port)}`);
      command.push(`--listen-peer-urls=${http(peer)}`, `--initial-advertise-peer-urls=${http(peer)}`, `--initial-cluster=default=${http(peer)}`);
      return { command, port, url: http(port) };
    },
  },
  {
    id: 'redis',
    pkg: 'redis-server',
    binary: () => findBinary('redis-server'),
    async prepare(bin, dir) {
      const port = await freePort();
      return { command: [bin, '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], port, url: http(port) };
    },
  },
  {
    id: 'postgresql',
    pkg: 'postgresql',
    binary: () => postgresBinary('postgres'),
    async prepare(bin, dir) {
      const port = await freePort();
      const initdb = postgresBinary('initdb');
      if (!initdb) throw new Error('initdb not found beside postgres');
      if (process.getuid?.() === 0) chownSync(dir, uidOf('postgres'), gidOf('postgres'));
      await runToEnd(asPostgres([initdb, '-D', path.join(dir, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync']));
      return { command: asPostgres([bin, '-D', path.join(dir, 'data'), '-k', dir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1']), port, url: http(port) };
    },
  },
  {
    id: 'mosquitto',
    pkg: 'mosquitto',
    binary: () => findBinary('mosquitto') ?? (existsSync('/usr/sbin/mosquitto') ? '/usr/sbin/mosquitto' : null),
    async prepare(bin, dir) {
      const port = await freePort();
      const config = write(dir, 'mosquitto.conf', `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence false\n`);
      return { command: [bin, '-c', config], port, url: http(port) };
    },
  },
  {
    id: 'nginx',
    pkg: 'nginx-light',
    binary: () => findBinary('nginx') ?? (existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : null),
    async prepare(bin, dir) {
      const port = await freePort();
      // nginx's workers run as nobody when started as root: the docroot must be world-readable.
      chmodSync(dir, 0o755);
      mkdirSync(path.join(dir, 'html'), { mode: 0o755 });
      write(path.join(dir, 'html'), 'index.html', '<!DOCTYPE html><title>Welcome to nginx!</title><h1>Welcome to nginx!</h1>\n');
      // The official image's pattern: access log to /dev/stdout, error log to /dev/stderr.
      const config = write(
        dir,
        'nginx.conf',
        `worker_processes 1;
pid ${dir}/nginx.pid;
error_log /dev/stderr notice;
events { worker_connections 64; }
http {
  access_log /dev/stdout;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  server { listen 127.0.0.1:${port}; root ${dir}/html; location / { index index.html; } }
}
`,
      );
      return { command: [bin, '-p', dir, '-e', '/dev/stderr', '-c', config, '-g', 'daemon off;'], port, url: http(port) };
    },
  },
];

function uidOf(user: string): number {
  return Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
}
function gidOf(user: string): number {
  return Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
}

function runToEnd(argv: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr!.on('data', (c: Buffer) => (err = (err + c.toString()).slice(-2000)));
    p.once('error', reject);
    p.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${argv.join(' ')} exited ${code}: ${err}`))));
  });
}

/** A temp dir a dropped-privilege program can use. */
export function programDir(id: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `distroready-real-${id}-`));
  return dir;
}

/** A program started here (not by distroready), its stdout and stderr in files, as a container runtime keeps them. */
export interface Started {
  stdoutFile: string;
  stderrFile: string;
  stop(): void;
}

/** Starts `prepared` in its own process group and waits (bounded) for its port. */
export async function startProgram(prepared: Prepared, dir: string, env: Record<string, string> = {}): Promise<Started> {
  const stdoutFile = path.join(dir, 'stdout.log');
  const stderrFile = path.join(dir, 'stderr.log');
  const child = spawn(prepared.command[0]!, prepared.command.slice(1), {
    cwd: dir,
    stdio: ['ignore', openSync(stdoutFile, 'a'), openSync(stderrFile, 'a')],
    detached: true,
    env: { ...process.env, ...env },
  });
  const stop = (): void => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      /* gone */
    }
  };
  const deadline = Date.now() + 40_000;
  while (!(await tcpAccepts('127.0.0.1', prepared.port, 300))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      stop();
      throw new Error(`${prepared.command.join(' ')} did not open port ${prepared.port} (see ${stderrFile})`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { stdoutFile, stderrFile, stop };
}
