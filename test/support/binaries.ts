/**
 * Tests that need a Debian package (prometheus, promtool, chromium) run whenever it is
 * installed. Under CI=true a missing one fails the run instead of silently skipping.
 */
import { execFileSync } from 'node:child_process';

export function findBinary(name: string): string | null {
  try {
    return execFileSync('which', [name], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

/**
 * The binary's path, or `null` to skip (outside CI). Use as
 * `const promtool = requireBinary('promtool'); (promtool ? it : it.skip)(...)`.
 */
export function requireBinary(name: string): string | null {
  const found = findBinary(name);
  if (!found && process.env.CI === 'true') {
    throw new Error(`${name} is required under CI=true but is not installed; .ci/run must apt-get install it`);
  }
  return found;
}

/** A free TCP port on loopback, for programs (like Prometheus) that cannot take port 0. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}
