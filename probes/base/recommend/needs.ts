/**
 * The libraries a workload needs from its image, each placed: provided by a runtime's own
 * tree, part of the host runtime binary (the language image brings its own), bundled with
 * the application (outside the system library directories: it travels with the app), or
 * a system library that some variant must provide or the Dockerfile must copy.
 */
import * as path from 'node:path';
import type { ElfInfo } from '../elf/read-elf';
import { readElf } from '../elf/read-elf';
import type { Closure } from '../libs/closure';
import { defaultDirs } from '../libs/search';

export const LIBRARY_ORIGINS = ['needed', 'mapped'] as const;
export const PLACEMENTS = ['system', 'runtime', 'bundled'] as const;

export interface LibraryNeed {
  /** The soname the loader asks for (DT_NEEDED, else the file's DT_SONAME, else its name). */
  name: string;
  path: string;
  realPath: string;
  neededBy: string;
  /** `needed`: in the DT_NEEDED closure; `mapped`: seen only in /proc/<pid>/maps (dlopen). */
  origin: (typeof LIBRARY_ORIGINS)[number];
  placement: (typeof PLACEMENTS)[number];
}

/** Mapped files read for their soname, at most. */
export const MAX_MAPPED_LIBRARIES = 512;

export function isSystemLibrary(file: string, elf: Pick<ElfInfo, 'machineId' | 'bits'>): boolean {
  const dirs = [...defaultDirs(elf.machineId, elf.bits), '/usr/local/lib'];
  return dirs.some((d) => file === d || file.startsWith(`${d}/`));
}

export interface NeedsInput {
  exePath: string;
  elf: ElfInfo;
  closure: Closure;
  /** Executable mappings from /proc/<pid>/maps; empty when there is no process. */
  mappedCode: readonly string[];
  /** True for an interpreter with its own distroless image: its own libraries come with it. */
  runtimeImage: boolean;
}

export function libraryNeeds(input: NeedsInput): LibraryNeed[] {
  const place = (file: string, inClosure: boolean): LibraryNeed['placement'] => {
    if (inClosure && input.runtimeImage) return 'runtime';
    return isSystemLibrary(file, input.elf) ? 'system' : 'bundled';
  };
  const out: LibraryNeed[] = input.closure.libraries.map((l) => ({
    name: l.name, path: l.path, realPath: l.realPath, neededBy: l.neededBy, origin: 'needed', placement: place(l.realPath, true),
  }));
  const known = new Set(input.closure.libraries.flatMap((l) => [l.path, l.realPath]));
  for (const file of input.mappedCode.slice(0, MAX_MAPPED_LIBRARIES)) {
    if (known.has(file)) continue;
    known.add(file);
    const elf = readElf(file);
    // A mapped file that is not ELF (a JIT cache, a font with x bits) is not a library.
    if (!elf.ok) continue;
    const name = elf.value.soname ?? path.basename(file);
    out.push({ name, path: file, realPath: file, neededBy: 'loaded at run time (dlopen)', origin: 'mapped', placement: place(file, false) });
  }
  return out;
}
