/**
 * A file read in small pieces at offsets, never whole: the ELF facts of a 100 MB binary
 * sit in its first few KiB and a handful of strings. Every read is charged to a byte
 * budget, and a read past the end of the file is an error value (a truncated file), not a
 * short buffer. Opening never blocks: a FIFO or device named like a library is refused.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { errorCode, fail, ok, type Result } from '../result';

/** What one ELF file may cost at most: header, program headers, dynamic section, strings. */
export const DEFAULT_FILE_BUDGET = 256 * 1024;

export interface BoundedFile {
  readonly path: string;
  readonly size: number;
  /** Bytes read so far; tests count these instead of timing anything. */
  bytesRead(): number;
  /** Exactly `length` bytes at `offset`, or why not (`what` names the part, for the error). */
  read(offset: number, length: number, what: string): Result<Buffer>;
  close(): void;
}

export function openBounded(path: string, budget = DEFAULT_FILE_BUDGET): Result<BoundedFile> {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    return fail(`cannot open ${path}: ${errorCode(err)}`);
  }
  let size: number;
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) {
      closeSync(fd);
      return fail(`${path} is not a regular file`);
    }
    size = st.size;
  } catch (err) {
    closeSync(fd);
    return fail(`cannot stat ${path}: ${errorCode(err)}`);
  }
  let spent = 0;
  let closed = false;
  return ok({
    path,
    size,
    bytesRead: () => spent,
    read(offset, length, what) {
      if (closed) return fail(`${path}: read after close`);
      if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0) {
        return fail(`${what}: offset ${offset} or length ${length} is not a valid position`);
      }
      if (offset + length > size) return fail(`truncated: ${what} needs bytes ${offset}..${offset + length}, the file has ${size}`);
      if (spent + length > budget) return fail(`${what}: reading ${length} more bytes would pass the ${budget}-byte budget for one file`);
      const buf = Buffer.alloc(length);
      let got = 0;
      try {
        while (got < length) {
          const n = readSync(fd, buf, got, length - got, offset + got);
          if (n === 0) break;
          got += n;
        }
      } catch (err) {
        return fail(`${what}: read failed: ${errorCode(err)}`);
      }
      spent += got;
      // The file shrank under us (a binary being replaced): same as truncated.
      if (got < length) return fail(`truncated: ${what} ended after ${got} of ${length} bytes`);
      return ok(buf);
    },
    close() {
      if (closed) return;
      closed = true;
      try {
        closeSync(fd);
      } catch {
        /* already closed */
      }
    },
  });
}
