/**
 * A bounded buffer of output lines. Workloads may print a 10 MB line, binary bytes or
 * endless output; memory stays at most `maxLines × maxLineBytes` whatever they do.
 */

/** `pod`: a container's stdout and stderr as the Kubernetes pods/log API merges them. */
export type StreamName = 'stdout' | 'stderr' | 'file' | 'command' | 'pod';

export interface CapturedLine {
  /** Monotonic sequence number across the buffer's life; survives eviction. */
  seq: number;
  stream: StreamName;
  /** When the line was read (ms since epoch). */
  time: number;
  /** The line, without its newline, decoded as UTF-8 (invalid bytes become U+FFFD). */
  text: string;
  /** The line was longer than the cap; `text` holds its first `maxLineBytes` bytes. */
  truncated: boolean;
  /** The bytes were not valid UTF-8. */
  invalidUtf8: boolean;
}

export interface LineBufferOptions {
  maxLines?: number;
  maxLineBytes?: number;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');

export class LineBuffer {
  readonly maxLines: number;
  readonly maxLineBytes: number;
  private readonly lines: CapturedLine[] = [];
  private nextSeq = 0;
  /** Lines evicted because the buffer was full. */
  dropped = 0;
  /** Lines cut at `maxLineBytes`. */
  truncatedCount = 0;
  private readonly waiters = new Set<() => void>();

  constructor(options: LineBufferOptions = {}) {
    this.maxLines = options.maxLines ?? 5000;
    this.maxLineBytes = options.maxLineBytes ?? 16 * 1024;
  }

  /** Total lines ever pushed. */
  get total(): number {
    return this.nextSeq;
  }

  push(stream: StreamName, bytes: Buffer, truncated = false): void {
    let text: string;
    let invalidUtf8 = false;
    try {
      text = strictUtf8.decode(bytes);
    } catch {
      invalidUtf8 = true;
      text = lenientUtf8.decode(bytes);
    }
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (truncated) this.truncatedCount++;
    this.lines.push({ seq: this.nextSeq++, stream, time: Date.now(), text, truncated, invalidUtf8 });
    if (this.lines.length > this.maxLines) {
      this.lines.shift();
      this.dropped++;
    }
    for (const wake of this.waiters) wake();
  }

  /** The lines still held, oldest first; only those with `seq >= fromSeq` when given. */
  snapshot(fromSeq = 0): CapturedLine[] {
    if (fromSeq <= 0) return this.lines.slice();
    return this.lines.filter((l) => l.seq >= fromSeq);
  }

  /** Resolves at the next pushed line, or when the signal aborts or `ms` pass. */
  waitForLine(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  /** A splitter that turns a byte stream into lines of this buffer, bounded per line. */
  splitter(stream: StreamName): LineSplitter {
    return new LineSplitter((bytes, truncated) => this.push(stream, bytes, truncated), this.maxLineBytes);
  }
}

/**
 * Splits chunks at `\n`. A line longer than `maxLineBytes` keeps its head and drops the
 * rest up to the next newline, so one endless line cannot grow memory.
 */
export class LineSplitter {
  private parts: Buffer[] = [];
  private held = 0;
  private overflow = false;

  constructor(
    private readonly emit: (bytes: Buffer, truncated: boolean) => void,
    private readonly maxLineBytes: number,
  ) {}

  write(chunk: Buffer): void {
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(10, start);
      const end = nl === -1 ? chunk.length : nl;
      this.hold(chunk.subarray(start, end));
      if (nl === -1) return;
      this.flushLine();
      start = nl + 1;
    }
  }

  /** Emits what is left as a last line (a process that exits without a final newline). */
  end(): void {
    if (this.held > 0 || this.overflow) this.flushLine();
  }

  private hold(piece: Buffer): void {
    const room = this.maxLineBytes - this.held;
    if (piece.length > room) {
      this.overflow = true;
      if (room > 0) this.parts.push(Buffer.from(piece.subarray(0, room)));
      this.held = this.maxLineBytes;
      return;
    }
    if (piece.length > 0) {
      // Copy: the chunk's memory belongs to the stream and may be large.
      this.parts.push(Buffer.from(piece));
      this.held += piece.length;
    }
  }

  private flushLine(): void {
    const line = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts);
    this.emit(line, this.overflow);
    this.parts = [];
    this.held = 0;
    this.overflow = false;
  }
}
