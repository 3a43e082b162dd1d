/**
 * Whether a TCP port accepts a connection within `timeoutMs`: what a kubelet `tcpSocket`
 * probe asks, how distroready waits for a launched workload's port, and how the engine
 * decides a url workload was reached.
 */
import { connect } from 'node:net';

export type TcpOutcome = { ok: true } | { ok: false; reason: string };

/** Connects once and says why it could not (`ECONNREFUSED`, `timed out after 1000 ms`). */
export function tcpConnect(host: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<TcpOutcome> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const finish = (outcome: TcpOutcome): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(outcome);
    };
    const onAbort = (): void => finish({ ok: false, reason: 'cancelled' });
    const timer = setTimeout(() => finish({ ok: false, reason: `no answer within ${timeoutMs} ms` }), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => finish({ ok: true }));
    socket.once('error', (err: NodeJS.ErrnoException) => finish({ ok: false, reason: err.code ?? err.message }));
  });
}

export async function tcpAccepts(host: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  return (await tcpConnect(host, port, timeoutMs, signal)).ok;
}
