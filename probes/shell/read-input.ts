/**
 * Reads one operator file for analysis, bounded: a missing, huge or binary file is a
 * reason (reported as a finding), never an exception or a 2 GB string.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Dockerfiles and manifests are small; anything past this is not one we should read whole. */
export const MAX_INPUT_BYTES = 2 * 1024 * 1024;

export type ReadResult = { ok: true; text: string } | { ok: false; reason: string };

export function readInput(file: string, maxBytes = MAX_INPUT_BYTES): ReadResult {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { ok: false, reason: code === 'ENOENT' ? 'file not found' : `cannot open: ${code ?? (err as Error).message}` };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { ok: false, reason: 'not a regular file' };
    if (stat.size > maxBytes) return { ok: false, reason: `file is ${stat.size} bytes, over the ${maxBytes}-byte limit` };
    const buf = Buffer.alloc(stat.size);
    const n = readSync(fd, buf, 0, stat.size, 0);
    const bytes = buf.subarray(0, n);
    if (bytes.subarray(0, 8192).includes(0)) return { ok: false, reason: 'binary file (NUL bytes): not a Dockerfile or manifest' };
    return { ok: true, text: bytes.toString('utf8') };
  } catch (err) {
    return { ok: false, reason: `cannot read: ${(err as Error).message}` };
  } finally {
    closeSync(fd);
  }
}
