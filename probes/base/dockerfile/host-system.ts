/**
 * For a workload with no Dockerfile, the proposal builds in an image of the system the
 * process runs on (its paths are the ones the COPY lines name) and installs the package
 * that owns the executable. Both are looked up, bounded: `/etc/os-release`, and
 * `dpkg-query -S` (argv only, 2 s, 4 KiB) where dpkg is the package manager.
 */
import { execFile } from 'node:child_process';
import { readProcText } from '../proc/proc-read';

export function buildImageOfHost(osRelease = '/etc/os-release'): string | null {
  const read = readProcText(osRelease, 16 * 1024);
  if (!read.ok) return null;
  const field = (k: string): string | null => new RegExp(`^${k}="?([^"\\n]*)"?$`, 'm').exec(read.value.text)?.[1] ?? null;
  const id = field('ID');
  const version = field('VERSION_ID');
  return id && version && /^[a-z0-9._-]+$/.test(id) && /^[0-9.]+$/.test(version) ? `${id}:${version}` : null;
}

/** The Debian package that installed `file`, or `null` (not dpkg, not packaged, too slow). */
export function owningPackage(file: string): Promise<string | null> {
  return new Promise((resolve) => {
    execFile('dpkg-query', ['-S', file], { timeout: 2000, maxBuffer: 4096, shell: false }, (err, stdout) => {
      if (err) return resolve(null);
      const pkg = /^([a-z0-9][a-z0-9+.-]*)(?::[a-z0-9]+)?: /m.exec(stdout)?.[1];
      resolve(pkg ?? null);
    });
  });
}
