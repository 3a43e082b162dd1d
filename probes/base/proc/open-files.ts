/**
 * Files a process holds open, sampled from `/proc/<pid>/fd` several times while it is
 * watched. A file opened and closed between two samples (a CA bundle read once at start)
 * is missed: what is seen proves a need, what is not seen proves nothing, and the facts
 * say how many samples over how long.
 */
import { listProcDir, readProcLink } from './proc-read';

export const MAX_FDS_PER_SAMPLE = 4096;
export const MAX_OPEN_FILES = 1024;

export interface OpenFileSamples {
  /** Absolute paths seen open (sockets, pipes and anonymous inodes left out). */
  files: string[];
  samples: number;
  windowMs: number;
  /** Why a sample could not be taken (the process exited, EACCES), once per reason. */
  errors: string[];
  /** Samples that listed more than MAX_FDS_PER_SAMPLE descriptors and read only that many. */
  truncatedSamples: number;
}

function sampleOnce(procRoot: string, pid: number, files: Set<string>, errors: Set<string>): number {
  const dir = `${procRoot}/${pid}/fd`;
  const listed = listProcDir(dir, MAX_FDS_PER_SAMPLE);
  if (!listed.ok) {
    errors.add(listed.error);
    return 0;
  }
  for (const fd of listed.value.names) {
    const target = readProcLink(`${dir}/${fd}`);
    // A descriptor closed between readdir and readlink is normal; not an error worth keeping.
    if (!target.ok || !target.value.startsWith('/')) continue;
    if (files.size < MAX_OPEN_FILES) files.add(target.value.replace(/ \(deleted\)$/, ''));
  }
  return listed.value.truncated ? 1 : 0;
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}

export async function sampleOpenFiles(
  procRoot: string,
  pid: number,
  opts: { samples: number; intervalMs: number; signal: AbortSignal },
): Promise<OpenFileSamples> {
  const files = new Set<string>();
  const errors = new Set<string>();
  const started = Date.now();
  let taken = 0;
  let skipped = 0;
  for (let i = 0; i < opts.samples && !opts.signal.aborted; i++) {
    if (i > 0) await pause(opts.intervalMs, opts.signal);
    const before = errors.size;
    skipped += sampleOnce(procRoot, pid, files, errors);
    if (errors.size === before) taken++;
    // Gone or forbidden: more samples would only repeat the same error.
    else break;
  }
  return { files: [...files], samples: taken, windowMs: Date.now() - started, errors: [...errors], truncatedSamples: skipped };
}
