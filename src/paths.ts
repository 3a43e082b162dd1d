/** Paths inside the installed package, the same whether running from `src/` (tests), `dist/src/` or the bundled `dist/cli.js`. */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

function findPackageRoot(start: string): string {
  let dir = start;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) return start;
    dir = parent;
  }
  return dir;
}

export const PACKAGE_ROOT = findPackageRoot(__dirname);
export const CHECKS_DIR = path.join(PACKAGE_ROOT, 'config', 'checks');
export const DEFAULT_CONFIG_FILE = path.join(PACKAGE_ROOT, 'config', 'distroready.yaml');

/** The package's version, read from its package.json (not bundled: the installed file is the truth). */
export function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}
