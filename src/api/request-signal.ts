/** An AbortSignal that fires when the client goes away, so its probes stop with it. */
import type { Request, Response } from 'express';

export function requestSignal(_req: Request, res: Response, timeoutMs?: number): AbortSignal {
  const gone = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) gone.abort();
  });
  return timeoutMs === undefined ? gone.signal : AbortSignal.any([gone.signal, AbortSignal.timeout(timeoutMs)]);
}
