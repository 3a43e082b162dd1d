/**
 * `/proc/<pid>/maps`: every file the process has mapped. Executable mappings are code —
 * shared libraries, including those loaded with `dlopen` after start (native addons,
 * Python extension modules, NSS modules); the rest are data files it reads through
 * mmap (locale archives, gconv caches, ICU data, fonts).
 */
export interface MappedFiles {
  /** Files with an executable mapping, in first-mapped order, without the executable itself. */
  code: string[];
  /** Files mapped only for data. */
  data: string[];
  /** Paths the kernel marks `(deleted)`: replaced on disk since they were mapped. */
  deleted: string[];
}

export const MAX_MAPPED_FILES = 2048;

export function parseMaps(text: string, exePath: string | null): MappedFiles {
  const code = new Set<string>();
  const data = new Set<string>();
  const deleted = new Set<string>();
  for (const line of text.split('\n')) {
    // address perms offset dev inode pathname — the path is everything after the fifth field.
    const m = /^\S+\s+(\S{4})\s+\S+\s+\S+\s+\d+\s+(\/.*)$/.exec(line);
    if (!m) continue;
    let file = m[2]!.trimEnd();
    if (file.endsWith(' (deleted)')) {
      file = file.slice(0, -' (deleted)'.length);
      deleted.add(file);
    }
    if (file === exePath) continue;
    if (m[1]!.includes('x')) code.add(file);
    else data.add(file);
    if (code.size + data.size >= MAX_MAPPED_FILES) break;
  }
  for (const f of code) data.delete(f);
  return { code: [...code], data: [...data], deleted: [...deleted] };
}
