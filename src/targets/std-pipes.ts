/**
 * stdout and stderr for a launched workload as real pipes, not sockets.
 *
 * Node's `stdio: 'pipe'` hands the child one end of a socketpair (libuv creates stdio
 * "pipes" with socketpair(2)). A program that reopens its own output, `open("/dev/stdout")`
 * (nginx's `access_log /dev/stdout`, the official image's pattern), gets ENXIO from a
 * socket and never starts. Node has no pipe(2) call, so each stream is a named FIFO made
 * in a private 0700 directory: we open the read end non-blocking (so the open does not
 * wait for a writer) and read it through a `net.Socket` on the fd (libuv's stream reads,
 * no thread-pool thread parked per stream), open the write end for the child, and unlink
 * the FIFO and its directory at once: both ends are open, the name is no longer needed,
 * and nothing is left behind if we are killed. The child's `/dev/stdout` is then a pipe,
 * which opens like any file.
 *
 * Where `mkfifo` is not installed (a distroless image), it falls back to Node's
 * socketpair and says so in `kind`.
 */
import { execFile } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, rmSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Readable } from 'node:stream';

/** How the child's stdout and stderr are connected. */
export const STD_STREAM_KINDS = ['fifo', 'socketpair'] as const;
export type StdStreamKind = (typeof STD_STREAM_KINDS)[number];

export interface StdPipes {
  kind: StdStreamKind;
  /** What to hand `spawn` as `stdio`. */
  stdio: ['ignore', number | 'pipe', number | 'pipe'];
  /**
   * Call right after `spawn` returns (the child holds its copies then): closes our write
   * ends, so the readers see end-of-file once the workload and its children are done.
   */
  afterSpawn(child: { stdout: Readable | null; stderr: Readable | null }): { stdout: Readable; stderr: Readable };
  /** Closes whatever is still open (the readers, and the write ends if spawn never ran). */
  close(): void;
}

function mkfifo(paths: string[]): Promise<boolean> {
  return new Promise((resolve) => {
    execFile('mkfifo', ['-m', '0600', ...paths], { timeout: 5000 }, (err) => resolve(err === null));
  });
}

/**
 * A FIFO pair when `mkfifo` works, else Node's socketpair. Never throws. `prefer:
 * 'socketpair'` skips the FIFOs (the benchmark's baseline).
 */
export async function openStdPipes(prefer: StdStreamKind = 'fifo'): Promise<StdPipes> {
  if (prefer === 'socketpair') return socketpairPipes();
  let dir: string | null = null;
  const fds: number[] = [];
  try {
    dir = mkdtempSync(path.join(tmpdir(), 'distroready-std-'));
    const names = [path.join(dir, 'stdout'), path.join(dir, 'stderr')];
    if (!(await mkfifo(names))) throw new Error('mkfifo failed');
    const ends = names.map((name) => {
      const read = openSync(name, constants.O_RDONLY | constants.O_NONBLOCK);
      fds.push(read);
      const write = openSync(name, constants.O_WRONLY);
      fds.push(write);
      return { read, write };
    });
    return fifoPipes(ends[0]!, ends[1]!);
  } catch {
    for (const fd of fds) closeQuietly(fd);
    return socketpairPipes();
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

function fifoPipes(out: { read: number; write: number }, err: { read: number; write: number }): StdPipes {
  let writeEnds: number[] | null = [out.write, err.write];
  const readers: Socket[] = [];
  const closeWriteEnds = (): void => {
    for (const fd of writeEnds ?? []) closeQuietly(fd);
    writeEnds = null;
  };
  const reader = (fd: number): Socket => {
    const socket = new Socket({ fd, readable: true, writable: false });
    socket.on('error', () => socket.destroy());
    readers.push(socket);
    return socket;
  };
  return {
    kind: 'fifo',
    stdio: ['ignore', out.write, err.write],
    afterSpawn() {
      closeWriteEnds();
      return { stdout: reader(out.read), stderr: reader(err.read) };
    },
    close() {
      closeWriteEnds();
      for (const r of readers) r.destroy();
      // Read ends never wrapped (spawn failed before afterSpawn) are closed by hand.
      if (readers.length === 0) for (const fd of [out.read, err.read]) closeQuietly(fd);
    },
  };
}

function socketpairPipes(): StdPipes {
  let streams: Readable[] = [];
  return {
    kind: 'socketpair',
    stdio: ['ignore', 'pipe', 'pipe'],
    afterSpawn(child) {
      streams = [child.stdout!, child.stderr!];
      return { stdout: child.stdout!, stderr: child.stderr! };
    },
    close() {
      for (const s of streams) s.destroy();
    },
  };
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    /* already closed */
  }
}
