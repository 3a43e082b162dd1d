/**
 * Who listens on a TCP port, from `/proc/net/tcp{,6}` (the socket's inode) and
 * `/proc/<pid>/fd` (which process holds that inode). Only for a clearer launch error:
 * anything unreadable (another user's process, no procfs) gives `null`, never a guess.
 * Bounded: at most `maxLinks` fd links are read in all.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

export interface PortOwner {
  pid: number;
  /** Its command line, space-joined and clipped. */
  command: string;
}

const LISTEN = '0A';

/** Inodes of the sockets listening on `port` (IPv4 and IPv6). */
export function listeningInodes(port: number, procRoot = '/proc'): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes: string[] = [];
  for (const table of ['net/tcp', 'net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(`${procRoot}/${table}`, 'latin1');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
      const f = line.trim().split(/\s+/);
      if (f.length < 10 || f[3] !== LISTEN) continue;
      if (f[1]!.slice(f[1]!.lastIndexOf(':') + 1) === hexPort && f[9] !== '0') inodes.push(f[9]!);
    }
  }
  return inodes;
}

export interface FindOptions {
  procRoot?: string;
  maxLinks?: number;
  /** Pids to look at first (a launched workload's own): the usual owner, found in a few reads. */
  first?: readonly number[];
}

export function findPortOwner(port: number, options: FindOptions = {}): PortOwner | null {
  const procRoot = options.procRoot ?? '/proc';
  const wanted = new Set(listeningInodes(port, procRoot).map((i) => `socket:[${i}]`));
  if (wanted.size === 0) return null;
  let budget = options.maxLinks ?? 100_000;
  let pids: string[];
  try {
    pids = readdirSync(procRoot).filter((n) => /^\d+$/.test(n));
  } catch {
    return null;
  }
  const first = (options.first ?? []).map(String);
  for (const pid of [...first, ...pids.filter((p) => !first.includes(p))]) {
    let fds: string[];
    try {
      fds = readdirSync(`${procRoot}/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      if (budget-- <= 0) return null;
      try {
        if (wanted.has(readlinkSync(`${procRoot}/${pid}/fd/${fd}`))) return { pid: Number(pid), command: commandLine(procRoot, pid) };
      } catch {
        /* the fd closed meanwhile */
      }
    }
  }
  return null;
}

function commandLine(procRoot: string, pid: string): string {
  try {
    const text = readFileSync(`${procRoot}/${pid}/cmdline`, 'latin1').split('\0').filter(Boolean).join(' ').replace(/\p{Cc}/gu, '?');
    return text.length > 200 ? `${text.slice(0, 200)}…` : text;
  } catch {
    return '?';
  }
}
