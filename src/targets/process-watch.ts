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

export interface Stat {
  /** One letter: R running, S sleeping, Z zombie (exited, not yet reaped), … */
  state: string;
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
  return { state: rest[0] ?? '', ppid, pgrp, startTime, comm: text.slice(open + 1, close) };
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
 * Samples `/proc` for the process tree of one root pid. A process belongs to the workload
 * when it is in the workload's process group (launch-process starts it as a group leader)
 * or its parent does, which also catches children that called `setsid`.
 */
class TreeSampler implements ProcessWatch {
  supported = true;
  private count = 0;
  private readonly started = Date.now();
  private readonly seen = new Map<string, SpawnedProcess>();
  private readonly members: Set<number>;
  /**
   * Pids known not to be ours are not read again. Linux hands out pids in sequence, so a
   * pid reused between two samples by one of ours is too unlikely to pay a read per
   * process per sample for.
   */
  private readonly strangers = new Set<number>();
  /** Processes seen after the list was full (counted once each, bounded too). */
  private readonly overflow = new Set<string>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly rootPid: number,
    private readonly procRoot: string,
    readonly intervalMs: number,
    private readonly max: number,
  ) {
    this.members = new Set([rootPid]);
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
    this.sample();
  }

  samples = (): number => this.count;
  spawned = (): SpawnedProcess[] => [...this.seen.values()].map((p) => ({ ...p, argv: [...p.argv] }));
  dropped = (): number => this.overflow.size;
  stop = (): void => clearInterval(this.timer);

  private sample(): void {
    let entries: string[];
    try {
      entries = readdirSync(this.procRoot);
    } catch {
      this.supported = false;
      this.stop();
      return;
    }
    this.count++;
    const alive = new Set<number>();
    for (const name of entries) {
      if (!/^\d+$/.test(name)) continue;
      const pid = Number(name);
      alive.add(pid);
      if (pid !== this.rootPid && !this.strangers.has(pid)) this.visit(pid);
    }
    // Forget exited pids so both sets stay as small as the live process table.
    for (const pid of this.strangers) if (!alive.has(pid)) this.strangers.delete(pid);
    for (const pid of this.members) if (pid !== this.rootPid && !alive.has(pid)) this.members.delete(pid);
  }

  private visit(pid: number): void {
    const stat = readStat(this.procRoot, pid);
    if (!stat) return;
    if (stat.pgrp !== this.rootPid && !this.members.has(stat.ppid)) {
      this.strangers.add(pid);
      return;
    }
    this.members.add(pid);
    const key = `${pid}:${stat.startTime}`;
    const known = this.seen.get(key);
    // A forked child looks like its parent until it execs; keep the latest program.
    if (known) {
      if (known.comm !== stat.comm) Object.assign(known, { comm: stat.comm, argv: readArgv(this.procRoot, pid) });
      return;
    }
    if (this.seen.size >= this.max) {
      if (this.overflow.size < 10 * this.max) this.overflow.add(key);
      return;
    }
    this.seen.set(key, { pid, ppid: stat.ppid, comm: stat.comm, argv: readArgv(this.procRoot, pid), firstSeenMs: Date.now() - this.started });
  }
}

/** `/proc/<pid>/stat` parsed, or `null` when the process is gone or unreadable. */
export function readStat(procRoot: string, pid: number): Stat | null {
  try {
    return parseStat(readFileSync(`${procRoot}/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

/** Starts watching `rootPid`'s process tree, sampling every `intervalMs` (default 100). */
export function watchProcessTree(rootPid: number, options: WatchOptions = {}): ProcessWatch {
  return new TreeSampler(rootPid, options.procRoot ?? '/proc', options.intervalMs ?? 100, options.maxProcesses ?? 200);
}
