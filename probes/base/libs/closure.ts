/**
 * Every library a program loads at start, found as `ld.so` would find it and read with
 * the bounded ELF reader: the DT_NEEDED closure. What `ldd` prints, without running the
 * loader on a file we do not trust. Bounded in libraries and bytes.
 */
import { realpathSync } from 'node:fs';
import { readElf, type ElfInfo } from '../elf/read-elf';
import { errorCode } from '../result';
import { findLibrary, type SearchContext, type SearchSource } from './search';

export const MAX_LIBRARIES = 256;

export interface LoadedLibrary {
  /** The name asked for (DT_NEEDED) — the soname the image must have. */
  name: string;
  /** Where the loader finds it here, and that file's real path (symlinks resolved). */
  path: string;
  realPath: string;
  via: SearchSource;
  /** The first object that asked for it: the executable's path or another library's name. */
  neededBy: string;
  needed: string[];
}

export interface Closure {
  libraries: LoadedLibrary[];
  /** Names no search found: the program would not start here either. */
  unresolved: { name: string; neededBy: string }[];
  /** Libraries found but not readable as ELF, with the reason. */
  errors: string[];
  /** True when MAX_LIBRARIES stopped the walk. */
  truncated: boolean;
  bytesRead: number;
}

function real(p: string): string {
  try {
    return realpathSync(p);
  } catch (err) {
    return `${p} (${errorCode(err)})`;
  }
}

export function neededClosure(exePath: string, exe: ElfInfo, ctx: SearchContext): Closure {
  const out: Closure = { libraries: [], unresolved: [], errors: [], truncated: false, bytesRead: 0 };
  const seen = new Set<string>();
  const queue: { name: string; by: string; req: { path: string; runpath: string[] | null; rpath: string[] | null } }[] = [];
  const enqueue = (names: readonly string[], by: string, req: (typeof queue)[number]['req']): void => {
    for (const name of names) {
      if (seen.has(name)) continue;
      seen.add(name);
      queue.push({ name, by, req });
    }
  };
  enqueue(exe.needed, exePath, { path: exePath, runpath: exe.runpath, rpath: exe.rpath });
  for (let i = 0; i < queue.length; i++) {
    if (out.libraries.length >= MAX_LIBRARIES) {
      out.truncated = true;
      break;
    }
    const { name, by, req } = queue[i]!;
    const found = findLibrary(name, req, ctx);
    if (!found) {
      out.unresolved.push({ name, neededBy: by });
      continue;
    }
    const elf = readElf(found.path);
    if (!elf.ok) {
      out.errors.push(`${found.path}: ${elf.error}`);
      continue;
    }
    out.bytesRead += elf.value.bytesRead;
    out.libraries.push({ name, path: found.path, realPath: real(found.path), via: found.via, neededBy: by, needed: elf.value.needed });
    enqueue(elf.value.needed, name, { path: found.path, runpath: elf.value.runpath, rpath: elf.value.rpath });
  }
  return out;
}
