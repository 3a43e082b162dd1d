/**
 * Whether a TCP port accepts a connection within `timeoutMs`: what a kubelet `tcpSocket`
 * probe asks, how distroready waits for a launched workload's port, and how the engine
 * decides a url workload was reached (keeping that connection for the probes' first
 * request, so being reached costs no extra round trip).
 */
import { connect, type Socket } from 'node:net';

export type TcpOutcome = { ok: true } | { ok: false; reason: string };

export type TcpOpened = { ok: true; socket: Socket; connectMs: number } | { ok: false; reason: string };

/** Connects once and hands over the open socket, or says why it could not (`ECONNREFUSED`, `no answer within 1000 ms`). */
export function tcpOpen(host: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<TcpOpened> {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = connect({ host, port });
    const finish = (outcome: TcpOpened): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.removeListener('error', onError);
      if (!outcome.ok) socket.destroy();
      resolve(outcome);
    };
    const onAbort = (): void => finish({ ok: false, reason: 'cancelled' });
    const onError = (err: NodeJS.ErrnoException): void => finish({ ok: false, reason: err.code ?? err.message });
    const timer = setTimeout(() => finish({ ok: false, reason: `no answer within ${timeoutMs} ms` }), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => finish({ ok: true, socket, connectMs: Math.round((performance.now() - started) * 10) / 10 }));
    socket.once('error', onError);
  });
}

/** Connects once, closes, and says why it could not. */
export async function tcpConnect(host: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<TcpOutcome> {
  const opened = await tcpOpen(host, port, timeoutMs, signal);
  if (!opened.ok) return opened;
  opened.socket.destroy();
  return { ok: true };
}

export async function tcpAccepts(host: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  return (await tcpConnect(host, port, timeoutMs, signal)).ok;
}
