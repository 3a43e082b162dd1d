/**
 * `logs.file`: the last N lines of a file, then the lines appended during the window.
 * Follows the way `tail -F` does: polls the path, keeps reading the old file after a
 * rename rotation until it is drained, reopens the new one, and starts over when the file
 * is truncated (copytruncate). Reads are bounded per line and in total.
 */
import { open, stat, type FileHandle } from 'node:fs/promises';
import { LineBuffer } from '../../shared/line-buffer';
import { sleep, type CollectOptions, type LogSource, type SourceLines } from './source';

const POLL_MS = 100;
const CHUNK = 64 * 1024;

interface Reader {
  fh: FileHandle;
  ino: number;
  pos: number;
}

export function fileSource(file: string): LogSource {
  const label = `file ${file}`;
  return { kind: 'file', label, collect: (opts) => follow(file, label, opts) };
}

async function follow(file: string, label: string, opts: CollectOptions): Promise<SourceLines> {
  const buffer = new LineBuffer({ maxLines: opts.maxLines, maxLineBytes: opts.maxLineBytes });
  const notes: string[] = [];
  const result = (error: string | null): SourceLines => ({ kind: 'file', label, lines: buffer.snapshot(), dropped: buffer.dropped, error, notes });
  let reader: Reader;
  try {
    reader = await openAt(file, null);
  } catch (err) {
    return result(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let budget = opts.maxBytes;
  let splitter = buffer.splitter('file');
  try {
    budget -= await readTail(reader, buffer, opts);
    const deadline = Date.now() + opts.windowMs;
    while (Date.now() < deadline && !opts.signal.aborted && budget > 0) {
      budget -= await drain(reader, splitter, budget);
      const now = await stat(file).catch(() => null);
      if (now === null) {
        await sleep(POLL_MS, opts.signal); // rotated away, the new file not created yet
        continue;
      }
      if (now.ino !== reader.ino) {
        // Rotation: what the old file got before the rename is drained above; on to the new one.
        splitter.end();
        await reader.fh.close();
        reader = await openAt(file, 0);
        splitter = buffer.splitter('file');
        notes.push(`${file} was rotated during the window; followed the new file`);
        continue;
      }
      if (now.size < reader.pos) {
        splitter.end();
        splitter = buffer.splitter('file');
        reader.pos = 0;
        notes.push(`${file} was truncated during the window; read it again from the start`);
        continue;
      }
      if (now.size === reader.pos) await sleep(POLL_MS, opts.signal);
    }
    if (budget <= 0) notes.push(`stopped reading after ${opts.maxBytes} bytes`);
    splitter.end();
    return result(null);
  } catch (err) {
    return result(`reading ${file} failed: ${(err as Error).message}`);
  } finally {
    await reader.fh.close().catch(() => undefined);
  }
}

async function openAt(file: string, pos: number | null): Promise<Reader> {
  const fh = await open(file, 'r');
  const st = await fh.stat();
  if (!st.isFile()) {
    await fh.close();
    throw new Error('not a regular file');
  }
  return { fh, ino: st.ino, pos: pos ?? st.size };
}

/**
 * Reads back from the end of the file until it has `tailLines` lines (or the byte budget
 * runs out), then pushes them. The first line of a read that began mid-file is partial and
 * is dropped. Returns the bytes read.
 */
async function readTail(reader: Reader, buffer: LineBuffer, opts: CollectOptions): Promise<number> {
  const end = reader.pos;
  if (opts.tailLines === 0 || end === 0) return 0;
  const want = Math.min(end, opts.maxBytes, Math.max(CHUNK, opts.tailLines * 512));
  let start = end - want;
  let bytes = await readRange(reader.fh, start, end);
  // Too few lines in what we read: read further back, within the budget.
  while (start > 0 && countNewlines(bytes) <= opts.tailLines && bytes.length < opts.maxBytes) {
    const more = Math.min(start, bytes.length);
    bytes = Buffer.concat([await readRange(reader.fh, start - more, start), bytes]);
    start -= more;
  }
  let from = 0;
  if (start > 0) from = bytes.indexOf(10) + 1;
  let lineStarts: number[] = [];
  for (let i = from; i < bytes.length; ) {
    lineStarts.push(i);
    const nl = bytes.indexOf(10, i);
    i = nl === -1 ? bytes.length : nl + 1;
  }
  lineStarts = lineStarts.slice(-opts.tailLines);
  const splitter = buffer.splitter('file');
  if (lineStarts.length > 0) splitter.write(bytes.subarray(lineStarts[0]));
  splitter.end();
  return bytes.length;
}

function countNewlines(b: Buffer): number {
  let n = 0;
  for (let i = b.indexOf(10); i !== -1; i = b.indexOf(10, i + 1)) n++;
  return n;
}

async function readRange(fh: FileHandle, start: number, end: number): Promise<Buffer> {
  const buf = Buffer.alloc(end - start);
  let off = 0;
  while (off < buf.length) {
    const { bytesRead } = await fh.read(buf, off, buf.length - off, start + off);
    if (bytesRead === 0) break;
    off += bytesRead;
  }
  return buf.subarray(0, off);
}

/** Reads what was appended since `pos`, at most `budget` bytes. Returns the bytes read. */
async function drain(reader: Reader, splitter: ReturnType<LineBuffer['splitter']>, budget: number): Promise<number> {
  let total = 0;
  const buf = Buffer.alloc(CHUNK);
  while (total < budget) {
    const { bytesRead } = await reader.fh.read(buf, 0, Math.min(CHUNK, budget - total), reader.pos);
    if (bytesRead === 0) break;
    splitter.write(buf.subarray(0, bytesRead));
    reader.pos += bytesRead;
    total += bytesRead;
  }
  return total;
}
