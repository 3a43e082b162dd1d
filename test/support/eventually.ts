/** Polling for tests that wait on real processes: bounded, and loud about what never happened. */

/**
 * Polls `probe` every `everyMs` until it returns a value other than `undefined`, or throws
 * after `ms` naming `what`, the last error, and `logs()` when given.
 */
export async function eventually<T>(what: string, ms: number, probe: () => Promise<T | undefined>, logs?: () => string, everyMs = 250): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  throw new Error(`${what} did not happen within ${ms} ms (last error: ${String(last)})${logs ? `\n--- logs ---\n${logs()}` : ''}`);
}

/** Resolves once `url` answers `status`; `undefined` from the probe means "not yet". */
export function untilStatus(url: string, status: number): () => Promise<true | undefined> {
  return async () => ((await fetch(url, { signal: AbortSignal.timeout(1000) })).status === status ? true : undefined);
}
