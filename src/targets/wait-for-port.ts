/** Polls a TCP port until it accepts a connection, the deadline passes, or `giveUp` says stop. */
import { tcpAccepts } from '../net/tcp-connect';

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
    if (await tcpAccepts(host, port, 500, signal)) return 'open';
    await new Promise((r) => setTimeout(r, 100));
  }
  return 'timeout';
}
