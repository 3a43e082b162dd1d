/**
 * A caller's signal and a deadline as one signal, by hand. `AbortSignal.any` and
 * `AbortSignal.timeout` hold weak references the garbage collector must trace; at a
 * fleet's thousands of requests and probe runs a second they cost more than the work.
 * Call `done()` when the work ends, so the timer and the listener go with it.
 */
export interface DeadlineSignal {
  signal: AbortSignal;
  /** True once the deadline (not the caller) aborted it. */
  readonly timedOut: boolean;
  done(): void;
}

export function deadlineSignal(timeoutMs: number, caller: AbortSignal | undefined): DeadlineSignal {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError'));
  }, timeoutMs);
  const onCaller = (): void => controller.abort(caller?.reason);
  if (caller?.aborted) onCaller();
  else caller?.addEventListener('abort', onCaller, { once: true });
  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    done() {
      clearTimeout(timer);
      caller?.removeEventListener('abort', onCaller);
    },
  };
}
