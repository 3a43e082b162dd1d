/**
 * Finds a library the way `ld.so` would, without running it: DT_RPATH (only when the
 * object has no DT_RUNPATH, and the executable's too), LD_LIBRARY_PATH from the
 * process's own environment, DT_RUNPATH, `/etc/ld.so.cache`, then the default multiarch
 * directories. `$ORIGIN`, `$LIB` and `$PLATFORM` are expanded. A candidate counts only
 * when it is an ELF file of the requester's class and machine, as the loader insists.
 * Not modelled: glibc-hwcaps subdirectories, `LD_PRELOAD`, secure-execution rules.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { openBounded } from '../elf/bounded-file';
import { readHeader } from '../elf/header';
import { MACHINES } from '../elf/machines';
import { isLibc6Entry, type LdCache } from './ld-cache';

export const SEARCH_SOURCES = ['path', 'rpath', 'LD_LIBRARY_PATH', 'runpath', 'ld.so.cache', 'default dirs'] as const;
export type SearchSource = (typeof SEARCH_SOURCES)[number];

/** Directories tried per lookup, at most: a hostile RUNPATH of 10 000 entries is not walked. */
export const MAX_DIRS = 64;

export interface Requester {
  /** The file asking (for `$ORIGIN`). */
  path: string;
  runpath: readonly string[] | null;
  rpath: readonly string[] | null;
}

export interface SearchContext {
  bits: 32 | 64;
  machineId: number;
  cache: LdCache | null;
  ldLibraryPath: readonly string[];
  /** The executable's DT_RPATH, which also applies to its libraries that have no DT_RUNPATH. */
  exeRpath: readonly string[] | null;
  exePath: string;
}

export interface Found {
  path: string;
  via: SearchSource;
}

export function defaultDirs(machineId: number, bits: 32 | 64): string[] {
  const m = MACHINES.find((x) => x.id === machineId && x.bits === bits);
  const multi = m ? [`/lib/${m.multiarch}`, `/usr/lib/${m.multiarch}`] : [];
  return [...multi, ...(bits === 64 ? ['/lib64', '/usr/lib64'] : ['/lib32', '/usr/lib32']), '/lib', '/usr/lib'];
}

function expand(dir: string, origin: string, ctx: SearchContext): string {
  const m = MACHINES.find((x) => x.id === ctx.machineId && x.bits === ctx.bits);
  return dir
    .replace(/\$(\{ORIGIN\}|ORIGIN)/g, origin)
    .replace(/\$(\{LIB\}|LIB)/g, m ? `lib/${m.multiarch}` : 'lib')
    .replace(/\$(\{PLATFORM\}|PLATFORM)/g, m?.name ?? '');
}

/** Same class and machine as the requester (a 32-bit libz in /usr/lib32 is not a match). */
function fits(file: string, ctx: SearchContext): boolean {
  const opened = openBounded(file, 128);
  if (!opened.ok) return false;
  try {
    const h = readHeader(opened.value);
    return h.ok && h.value.header.bits === ctx.bits && h.value.header.machine === ctx.machineId;
  } finally {
    opened.value.close();
  }
}

function inDirs(name: string, dirs: readonly string[], via: SearchSource, ctx: SearchContext): Found | null {
  for (const dir of dirs.slice(0, MAX_DIRS)) {
    const candidate = path.join(dir, name);
    if (existsSync(candidate) && fits(candidate, ctx)) return { path: candidate, via };
  }
  return null;
}

export function findLibrary(name: string, req: Requester, ctx: SearchContext): Found | null {
  const origin = path.dirname(req.path);
  if (name.includes('/')) {
    const p = path.resolve(origin, expand(name, origin, ctx));
    return existsSync(p) ? { path: p, via: 'path' } : null;
  }
  const ex = (dirs: readonly string[] | null, from: string): string[] => (dirs ?? []).map((d) => expand(d, path.dirname(from), ctx));
  if (req.runpath === null) {
    const rpath = [...ex(req.rpath, req.path), ...(req.path !== ctx.exePath ? ex(ctx.exeRpath, ctx.exePath) : [])];
    const hit = inDirs(name, rpath, 'rpath', ctx);
    if (hit) return hit;
  }
  const env = inDirs(name, ctx.ldLibraryPath, 'LD_LIBRARY_PATH', ctx);
  if (env) return env;
  const run = inDirs(name, ex(req.runpath, req.path), 'runpath', ctx);
  if (run) return run;
  if (ctx.cache) {
    const cached = ctx.cache.lookup(name).filter((e) => isLibc6Entry(e.flags)).map((e) => path.dirname(e.path));
    const hit = inDirs(name, cached, 'ld.so.cache', ctx);
    if (hit) return hit;
  }
  return inDirs(name, defaultDirs(ctx.machineId, ctx.bits), 'default dirs', ctx);
}
