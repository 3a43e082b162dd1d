/** A port that is already taken, as the error `serve` exits with (code 2). */
import { DistroreadyError } from '../errors';

/** EADDRINUSE becomes "port N is in use (KEY); …"; other bind errors pass through unchanged. */
export function portInUse(err: unknown, port: number, key: string): unknown {
  if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') return err;
  return new DistroreadyError('PORT_IN_USE', `port ${port} is in use (${key}); stop what holds it or set another port in the config`, { port, key });
}
