/**
 * Log files a process (and its children) holds open, from `/proc/PID/fd` on Linux: the
 * evidence that a workload silent on stdout is writing its logs somewhere a shell-less
 * container will hide them.
 */
import { readdir, readFile, readlink } from 'node:fs/promises';

const MAX_FDS = 4096;
const MAX_PROCESSES = 32;
const MAX_REPORTED = 20;

/** Paths that look like log files: `*.log`, `*.log.1`, or anything under `/var/log/`. */
export function isLogPath(p: string): boolean {
  return /\.log(\.\d+)?$/.test(p) || p.startsWith('/var/log/');
}

async function childrenOf(pid: number): Promise<number[]> {
  try {
    const text = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8');
    return text.split(/\s+/).filter(Boolean).map(Number).filter(Number.isInteger);
  } catch {
    return [];
  }
}

async function logFilesOf(pid: number): Promise<string[]> {
  let fds: string[];
  try {
    fds = (await readdir(`/proc/${pid}/fd`)).slice(0, MAX_FDS);
  } catch {
    return [];
  }
  const found: string[] = [];
  for (const fd of fds) {
    try {
      const target = await readlink(`/proc/${pid}/fd/${fd}`);
      if (isLogPath(target)) found.push(target);
    } catch {
      /* closed meanwhile */
    }
  }
  return found;
}

/**
 * Log file paths held open by `pid` or its descendants, deduplicated, at most 20. Empty
 * where `/proc` is not available (macOS) or the process is gone.
 */
export async function openLogFiles(pid: number): Promise<string[]> {
  if (process.platform !== 'linux' || pid <= 0) return [];
  const seen = new Set<string>();
  const queue = [pid];
  let visited = 0;
  while (queue.length > 0 && visited < MAX_PROCESSES) {
    const p = queue.shift()!;
    visited++;
    for (const f of await logFilesOf(p)) seen.add(f);
    queue.push(...(await childrenOf(p)));
  }
  return [...seen].slice(0, MAX_REPORTED);
}
