/** Polls a TCP port until it accepts a connection, the deadline passes, or `giveUp` says stop. */
import { connect } from 'node:net';

function tryConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    s.setTimeout(500);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('timeout', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', () => resolve(false));
  });
}

export async function waitForPort(
  host: string,
  port: number,
  timeoutMs: number,
  giveUp: () => boolean,
  signal?: AbortSignal,
): Promise<'open' | 'timeout' | 'gave-up'> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (giveUp() || signal?.aborted) return 'gave-up';
    if (await tryConnect(host, port)) return 'open';
    await new Promise((r) => setTimeout(r, 100));
  }
  return 'timeout';
}
