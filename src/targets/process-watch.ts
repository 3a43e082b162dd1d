/**
 * Watches the processes a launched workload spawns, for its whole life, by sampling
 * `/proc`: a workload that runs `sh -c …` or `curl` at run time would fail on a
 * distroless image, however clean its Dockerfile looks. Linux only; elsewhere the watch
 * reports itself unsupported. Bounded: at most `maxProcesses` are remembered.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** One process seen in the workload's tree (not the workload itself). */
export interface SpawnedProcess {
  pid: number;
  ppid: number;
  /** The kernel's name for it (`/proc/<pid>/comm`, at most 15 characters). */
  comm: string;
  /** Its command line, clipped. Updated if it execs into another program. */
  argv: string[];
  /** Milliseconds after the watch started when it was first seen. */
  firstSeenMs: number;
}

export interface ProcessWatch {
  /** False off Linux (no `/proc`): nothing can be observed, which is not "nothing spawned". */
  readonly supported: boolean;
  readonly intervalMs: number;
  /** Samples taken so far. */
  samples(): number;
  /** What was seen, oldest first (a copy). */
  spawned(): SpawnedProcess[];
  /** Processes not remembered because the list was full. */
  dropped(): number;
  stop(): void;
}

export interface WatchOptions {
  intervalMs?: number;
  maxProcesses?: number;
  /** Where procfs is mounted; tests may point it elsewhere. */
  procRoot?: string;
}

interface Stat {
  ppid: number;
  pgrp: number;
  startTime: string;
  comm: string;
}

/** `/proc/<pid>/stat`; the name sits in parentheses and may itself contain `) (`. */
export function parseStat(text: string): Stat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open === -1 || close < open) return null;
  const rest = text.slice(close + 2).split(' ');
  // Fields after the name: state(3) ppid(4) pgrp(5) … starttime(22), numbered from 1.
  const ppid = Number(rest[1]);
  const pgrp = Number(rest[2]);
  const startTime = rest[19] ?? '';
  if (!Number.isInteger(ppid) || !Number.isInteger(pgrp)) return null;
  return { ppid, pgrp, startTime, comm: text.slice(open + 1, close) };
}

function readArgv(procRoot: string, pid: number): string[] {
  try {
    const raw = readFileSync(`${procRoot}/${pid}/cmdline`, 'latin1');
    return raw.split('\0').filter((a, i, all) => a !== '' || i < all.length - 1).slice(0, 16).map((a) => (a.length > 200 ? `${a.slice(0, 200)}…` : a));
  } catch {
    return [];
  }
}

/**
 * Samples every `intervalMs` (default 100). A process belongs to the workload when it is
 * in the workload's process group (launch-process starts it as a group leader) or its
 * parent does, which also catches children that called `setsid`.
 */
export function watchProcessTree(rootPid: number, options: WatchOptions = {}): ProcessWatch {
  const procRoot = options.procRoot ?? '/proc';
  const intervalMs = options.intervalMs ?? 100;
  const max = options.maxProcesses ?? 200;
  const started = Date.now();
  const seen = new Map<string, SpawnedProcess>();
  const members = new Set<number>([rootPid]);
  /**
   * Pids known not to be ours are not read again. Linux hands out pids in sequence, so a
   * pid reused between two samples by one of ours is too unlikely to pay a read per
   * process per sample for.
   */
  const strangers = new Set<number>();
  let supported = true;
  let samples = 0;
  /** Processes seen after the list was full (counted once each, bounded too). */
  const overflow = new Set<string>();

  const readStat = (pid: number): Stat | null => {
    try {
      return parseStat(readFileSync(`${procRoot}/${pid}/stat`, 'utf8'));
    } catch {
      return null;
    }
  };

  const sample = (): void => {
    let entries: string[];
    try {
      entries = readdirSync(procRoot);
    } catch {
      supported = false;
      clearInterval(timer);
      return;
    }
    samples++;
    const alive = new Set<number>();
    for (const name of entries) {
      if (!/^\d+$/.test(name)) continue;
      const pid = Number(name);
      alive.add(pid);
      if (pid !== rootPid && !strangers.has(pid)) visit(pid);
    }
    // Forget exited pids so both sets stay as small as the live process table.
    for (const pid of strangers) if (!alive.has(pid)) strangers.delete(pid);
    for (const pid of members) if (pid !== rootPid && !alive.has(pid)) members.delete(pid);
  };

  const visit = (pid: number): void => {
    const stat = readStat(pid);
    if (!stat) return;
    if (stat.pgrp !== rootPid && !members.has(stat.ppid)) {
      strangers.add(pid);
      return;
    }
    members.add(pid);
    const key = `${pid}:${stat.startTime}`;
    const known = seen.get(key);
    // A forked child looks like its parent until it execs; keep the latest program.
    if (known) {
      if (known.comm !== stat.comm) Object.assign(known, { comm: stat.comm, argv: readArgv(procRoot, pid) });
      return;
    }
    if (seen.size >= max) {
      if (overflow.size < 10 * max) overflow.add(key);
      return;
    }
    seen.set(key, { pid, ppid: stat.ppid, comm: stat.comm, argv: readArgv(procRoot, pid), firstSeenMs: Date.now() - started });
  };

  const timer = setInterval(sample, intervalMs);
  timer.unref();
  sample();
  return {
    get supported() {
      return supported;
    },
    intervalMs,
    samples: () => samples,
    spawned: () => [...seen.values()].map((p) => ({ ...p, argv: [...p.argv] })),
    dropped: () => overflow.size,
    stop: () => clearInterval(timer),
  };
}
