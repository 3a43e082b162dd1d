/**
 * An AbortSignal that fires when the client goes away (or its deadline passes), so its
 * probes stop with it. One controller and one timer, both gone when the response closes:
 * `AbortSignal.any`/`timeout` would leave weak references for the collector at every
 * `/probe` scrape.
 */
import type { Request, Response } from 'express';

export function requestSignal(_req: Request, res: Response, timeoutMs?: number): AbortSignal {
  const gone = new AbortController();
  const timer = timeoutMs === undefined ? undefined : setTimeout(() => gone.abort(new DOMException(`no answer within ${timeoutMs} ms`, 'TimeoutError')), timeoutMs);
  res.once('close', () => {
    clearTimeout(timer);
    if (!res.writableFinished) gone.abort();
  });
  return gone.signal;
}
