/**
 * `/etc/ld.so.cache`, the index `ldconfig` writes and `ld.so` consults before the default
 * directories: soname → path, per architecture (the entry flags). Only the format glibc
 * has written since 2.32 (`glibc-ld.so.cache1.1`) is read, also when it follows the old
 * `ld.so-1.7.0` table; anything else is an error value and resolution falls back to the
 * directories. Bounded: the file, the entry count and every string.
 */
import { errorCode, fail, ok, type Result } from '../result';
import { openBounded } from '../elf/bounded-file';

export const MAX_CACHE_BYTES = 4 * 1024 * 1024;
const MAGIC_NEW = 'glibc-ld.so.cache1.1';
const MAGIC_OLD = 'ld.so-1.7.0';
const HEADER = 48;
const ENTRY = 24;
/** The ELF flavour bits of an entry: libc6 (3) plus the 64-bit ABI in the second byte. */
const FLAG_ELF_LIBC6 = 0x0003;

export interface LdCache {
  /** Candidate paths for a soname, in cache order, with the entry's ABI flags. */
  lookup(soname: string): { path: string; flags: number }[];
  readonly entries: number;
}

function readCString(buf: Buffer, at: number): string | null {
  if (at < 0 || at >= buf.length) return null;
  const end = buf.indexOf(0, at);
  if (end < 0 || end - at > 4096) return null;
  return buf.subarray(at, end).toString('utf8');
}

export function parseLdCache(buf: Buffer): Result<LdCache> {
  let base = 0;
  if (buf.subarray(0, MAGIC_OLD.length).toString('latin1') === MAGIC_OLD) {
    // Old table first: magic, nlibs, then 12-byte entries; the new table follows, 8-aligned.
    if (buf.length < 16) return fail('ld.so.cache: truncated old-format header');
    const nOld = buf.readUInt32LE(MAGIC_OLD.length + 1);
    base = Math.ceil((MAGIC_OLD.length + 1 + 4 + nOld * 12) / 8) * 8;
  }
  if (buf.length < base + HEADER || buf.subarray(base, base + MAGIC_NEW.length).toString('latin1') !== MAGIC_NEW) {
    return fail('ld.so.cache: not in the glibc-ld.so.cache1.1 format');
  }
  const nlibs = buf.readUInt32LE(base + 20);
  if (base + HEADER + nlibs * ENTRY > buf.length) return fail(`ld.so.cache: ${nlibs} entries do not fit in ${buf.length} bytes`);
  const map = new Map<string, { path: string; flags: number }[]>();
  for (let i = 0; i < nlibs; i++) {
    const at = base + HEADER + i * ENTRY;
    const flags = buf.readInt32LE(at);
    // String offsets in the new format count from the start of the new header.
    const key = readCString(buf, base + buf.readUInt32LE(at + 4));
    const value = readCString(buf, base + buf.readUInt32LE(at + 8));
    if (key === null || value === null) return fail(`ld.so.cache: entry ${i} points outside the file`);
    const list = map.get(key) ?? [];
    list.push({ path: value, flags });
    map.set(key, list);
  }
  return ok({ lookup: (s) => map.get(s) ?? [], entries: nlibs });
}

export function readLdCache(path = '/etc/ld.so.cache'): Result<LdCache> {
  const opened = openBounded(path, MAX_CACHE_BYTES);
  if (!opened.ok) return opened;
  const f = opened.value;
  try {
    if (f.size > MAX_CACHE_BYTES) return fail(`ld.so.cache: ${f.size} bytes, over the ${MAX_CACHE_BYTES}-byte limit`);
    const raw = f.read(0, f.size, 'ld.so.cache');
    return raw.ok ? parseLdCache(raw.value) : raw;
  } catch (err) {
    return fail(`ld.so.cache: ${errorCode(err)}`);
  } finally {
    f.close();
  }
}

/** Whether a cache entry is for a glibc ELF library at all (not a libc5 or a.out leftover). */
export const isLibc6Entry = (flags: number): boolean => (flags & 0xff) === FLAG_ELF_LIBC6;
