/**
 * The dynamic section: the libraries a file asks the loader for (DT_NEEDED), where it
 * asks it to look (DT_RUNPATH, DT_RPATH) and its own name (DT_SONAME). The names live in
 * the dynamic string table, which is found by address (DT_STRTAB) and read one string at
 * a time: node's table is megabytes of exported symbols, and we need six names from it.
 */
import type { BoundedFile } from './bounded-file';
import { fileOffsetOf, type ProgramHeader, type Words } from './header';
import { fail, ok, type Result } from '../result';

export const MAX_DYNAMIC_BYTES = 64 * 1024;
export const MAX_NEEDED = 512;
/** PATH_MAX: no library name or search path the loader accepts is longer. */
export const MAX_STRING = 4096;

const DT = { NULL: 0, NEEDED: 1, STRTAB: 5, STRSZ: 10, SONAME: 14, RPATH: 15, RUNPATH: 29 } as const;

export interface DynamicInfo {
  needed: string[];
  soname: string | null;
  /** `null` when the tag is absent; split on `:` as the loader does. */
  runpath: string[] | null;
  rpath: string[] | null;
}

function readString(file: BoundedFile, table: number, size: number, index: number): Result<string> {
  if (index >= size) return fail(`malformed ELF: string index ${index} is outside the ${size}-byte string table`);
  let window = Math.min(256, size - index, file.size - (table + index));
  for (;;) {
    const raw = file.read(table + index, window, 'dynamic string');
    if (!raw.ok) return raw;
    const nul = raw.value.indexOf(0);
    if (nul >= 0) return ok(raw.value.subarray(0, nul).toString('utf8'));
    const room = Math.min(MAX_STRING, size - index, file.size - (table + index));
    if (window >= room) return fail(`malformed ELF: a dynamic string at ${index} has no terminator within ${window} bytes`);
    window = room;
  }
}

export function readDynamic(file: BoundedFile, dyn: ProgramHeader, headers: readonly ProgramHeader[], w: Words): Result<DynamicInfo> {
  if (dyn.filesz > MAX_DYNAMIC_BYTES) return fail(`malformed ELF: dynamic section of ${dyn.filesz} bytes, more than the ${MAX_DYNAMIC_BYTES} read`);
  if (dyn.offset < 0) return fail('malformed ELF: dynamic section offset does not fit in 53 bits');
  const raw = file.read(dyn.offset, dyn.filesz, 'dynamic section');
  if (!raw.ok) return raw;
  const entry = w.wordSize * 2;
  const refs: { tag: number; value: number }[] = [];
  let strtab = -1;
  let strsz = -1;
  for (let at = 0; at + entry <= raw.value.length; at += entry) {
    // d_tag is signed, but every tag we read is small and positive; the OS-specific ones are not needed.
    const tag = w.word(raw.value, at);
    const value = w.word(raw.value, at + w.wordSize);
    if (tag === DT.NULL) break;
    if (tag === DT.STRTAB) strtab = value;
    else if (tag === DT.STRSZ) strsz = value;
    else if (tag === DT.NEEDED || tag === DT.SONAME || tag === DT.RPATH || tag === DT.RUNPATH) {
      if (refs.length >= MAX_NEEDED) return fail(`malformed ELF: more than ${MAX_NEEDED} library entries in the dynamic section`);
      refs.push({ tag, value });
    }
  }
  const info: DynamicInfo = { needed: [], soname: null, runpath: null, rpath: null };
  if (refs.length === 0) return ok(info);
  if (strtab < 0 || strsz < 0) return fail('malformed ELF: library entries without a string table (DT_STRTAB/DT_STRSZ)');
  // Most files give DT_STRTAB as an address; a few (and ld.so itself early on) already as an offset.
  const table = fileOffsetOf(strtab, headers) ?? (strtab < file.size ? strtab : -1);
  if (table < 0) return fail(`malformed ELF: string table address 0x${strtab.toString(16)} is in no loaded segment`);
  for (const ref of refs) {
    const s = readString(file, table, Math.min(strsz, file.size - table), ref.value);
    if (!s.ok) return s;
    if (ref.tag === DT.NEEDED) info.needed.push(s.value);
    else if (ref.tag === DT.SONAME) info.soname = s.value;
    else if (ref.tag === DT.RPATH) info.rpath = s.value.split(':').filter((p) => p !== '');
    else info.runpath = s.value.split(':').filter((p) => p !== '');
  }
  return ok(info);
}
