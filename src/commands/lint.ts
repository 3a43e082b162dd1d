/** `distroready lint FILE...`: static shell-dependence analysis. Built with the shell probe. */
import { DistroreadyError } from '../errors';

export function lintCommand(files: string[]): Promise<number> {
  if (files.length === 0) throw new DistroreadyError('USAGE', 'lint: name at least one Dockerfile or Kubernetes manifest');
  throw new DistroreadyError('USAGE', 'lint: static analysis arrives with the shell probe');
}
