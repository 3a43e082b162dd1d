/**
 * Bounded reads of `/proc/<pid>/…`. Proc files report size 0, so they are read in chunks
 * up to a cap; a process that exits between two reads turns into an error value
 * (`ENOENT`, `ESRCH`), and one we may not look at into `EACCES`, never an exception.
 */
import { closeSync, constants, openSync, readdirSync, readlinkSync, readSync } from 'node:fs';
import { errorCode, fail, ok, type Result } from '../result';

export interface ProcText {
  text: string;
  truncated: boolean;
  bytes: number;
}

const CHUNK = 64 * 1024;

export function readProcText(file: string, maxBytes: number): Result<ProcText> {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    return fail(`${file}: ${errorCode(err)}`);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  let truncated = false;
  try {
    for (;;) {
      const want = Math.min(CHUNK, maxBytes - total);
      if (want <= 0) {
        truncated = true;
        break;
      }
      const buf = Buffer.alloc(want);
      const n = readSync(fd, buf, 0, want, null);
      if (n === 0) break;
      chunks.push(buf.subarray(0, n));
      total += n;
    }
  } catch (err) {
    return fail(`${file}: ${errorCode(err)}`);
  } finally {
    closeSync(fd);
  }
  return ok({ text: Buffer.concat(chunks).toString('latin1'), truncated, bytes: total });
}

export function readProcLink(file: string): Result<string> {
  try {
    return ok(readlinkSync(file));
  } catch (err) {
    return fail(`${file}: ${errorCode(err)}`);
  }
}

export function listProcDir(dir: string, max: number): Result<{ names: string[]; truncated: boolean }> {
  try {
    const names = readdirSync(dir);
    return ok({ names: names.slice(0, max), truncated: names.length > max });
  } catch (err) {
    return fail(`${dir}: ${errorCode(err)}`);
  }
}
