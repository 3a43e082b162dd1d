/**
 * Everything the base probe reads about one live process: its executable (by
 * `/proc/<pid>/exe`, so even a binary deleted since start is the one read), the files it
 * has mapped, a few environment variables, its uid, the files it holds open over a short
 * watch, and its runtime. Each read can fail on its own — the process may exit halfway,
 * or belong to someone we may not inspect — and then that part is `null` and the reason
 * is kept; the rest still counts.
 */
import { readElf, type ElfInfo } from '../elf/read-elf';
import { parseEnviron, type KeptEnv } from './environ';
import { parseMaps, type MappedFiles } from './maps';
import { sampleOpenFiles, type OpenFileSamples } from './open-files';
import { readProcLink, readProcText } from './proc-read';
import { runtimeOf, type RuntimeFacts } from './runtime';

export const MAX_MAPS_BYTES = 4 * 1024 * 1024;
export const MAX_ENVIRON_BYTES = 256 * 1024;
const MAX_STATUS_BYTES = 16 * 1024;

export interface InspectOptions {
  procRoot?: string;
  fdSamples: number;
  fdIntervalMs: number;
  runVersionFlag: boolean;
  signal: AbortSignal;
}

export interface ProcessInspection {
  pid: number;
  /** The executable's path as the kernel names it, without ` (deleted)`. */
  exe: string | null;
  exeDeleted: boolean;
  elf: ElfInfo | null;
  mapped: MappedFiles | null;
  mapsTruncated: boolean;
  env: KeptEnv | null;
  uid: number | null;
  /** The command line (at most 64 arguments of 1 KiB): what a proposed ENTRYPOINT repeats. */
  argv: string[] | null;
  openFiles: OpenFileSamples;
  runtime: RuntimeFacts | null;
  /** Every read that failed, with its reason. */
  errors: string[];
  /** Bytes read from /proc and from the executable. */
  bytesRead: number;
}

export async function inspectProcess(pid: number, opts: InspectOptions): Promise<ProcessInspection> {
  const root = opts.procRoot ?? '/proc';
  const dir = `${root}/${pid}`;
  const errors: string[] = [];
  let bytesRead = 0;
  const link = readProcLink(`${dir}/exe`);
  if (!link.ok) errors.push(link.error);
  const rawExe = link.ok ? link.value : null;
  const exeDeleted = rawExe?.endsWith(' (deleted)') ?? false;
  const exe = rawExe?.replace(/ \(deleted\)$/, '') ?? null;
  const elfRead = link.ok ? readElf(`${dir}/exe`) : null;
  if (elfRead && !elfRead.ok) errors.push(`${exe}: ${elfRead.error}`);
  const elf = elfRead?.ok ? elfRead.value : null;
  bytesRead += elf?.bytesRead ?? 0;
  const maps = readProcText(`${dir}/maps`, MAX_MAPS_BYTES);
  if (!maps.ok) errors.push(maps.error);
  // A process that could not be read at all leaves an empty maps file; that is not "maps nothing".
  const mapped = maps.ok && maps.value.bytes > 0 ? parseMaps(maps.value.text, exe) : null;
  if (maps.ok && maps.value.bytes === 0) errors.push(`${dir}/maps: empty (a kernel thread, or a process that exited)`);
  bytesRead += maps.ok ? maps.value.bytes : 0;
  const environ = readProcText(`${dir}/environ`, MAX_ENVIRON_BYTES);
  if (!environ.ok) errors.push(environ.error);
  bytesRead += environ.ok ? environ.value.bytes : 0;
  const status = readProcText(`${dir}/status`, MAX_STATUS_BYTES);
  if (!status.ok) errors.push(status.error);
  const uid = status.ok ? Number(/^Uid:\s+(\d+)/m.exec(status.value.text)?.[1] ?? NaN) : NaN;
  const cmdline = readProcText(`${dir}/cmdline`, 64 * 1024);
  if (!cmdline.ok) errors.push(cmdline.error);
  const argv = cmdline.ok ? cmdline.value.text.split('\0').filter((a, i, all) => a !== '' || i < all.length - 1).slice(0, 64).map((a) => a.slice(0, 1024)) : null;
  const openFiles = await sampleOpenFiles(root, pid, { samples: opts.fdSamples, intervalMs: opts.fdIntervalMs, signal: opts.signal });
  errors.push(...openFiles.errors);
  const runtime = exe ? await runtimeOf(exe, mapped?.code ?? [], { runVersionFlag: opts.runVersionFlag && !exeDeleted }) : null;
  return {
    pid,
    exe,
    exeDeleted,
    elf,
    mapped,
    mapsTruncated: maps.ok && maps.value.truncated,
    env: environ.ok ? parseEnviron(environ.value.text) : null,
    uid: Number.isInteger(uid) ? uid : null,
    argv: argv && argv.length > 0 ? argv : null,
    openFiles,
    runtime,
    errors,
    bytesRead,
  };
}
