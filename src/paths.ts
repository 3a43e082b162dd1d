/** Paths inside the installed package, the same whether running from `src/` (tests) or `dist/`. */
import { existsSync } from 'node:fs';
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
