/** Log files a process holds open, read from /proc (Linux). */
import { openSync, closeSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { isLogPath, openLogFiles } from '../../probes/logs/sources/open-files';

describe('isLogPath', () => {
  it.each([
    ['/app/logs/app.log', true],
    ['/app/logs/app.log.1', true],
    ['/var/log/nginx/access', true],
    ['/app/catalog.db', false],
    ['/dev/null', false],
    ['socket:[12345]', false],
  ])('%s → %s', (p, expected) => {
    expect(isLogPath(p)).toBe(expected);
  });
});

(process.platform === 'linux' ? describe : describe.skip)('openLogFiles', () => {
  it('finds a .log file the process has open, and nothing once it is closed', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'distroready-fd-'));
    const file = path.join(dir, 'held.log');
    const fd = openSync(file, 'a');
    try {
      expect(await openLogFiles(process.pid)).toContain(file);
    } finally {
      closeSync(fd);
    }
    expect(await openLogFiles(process.pid)).not.toContain(file);
    rmSync(dir, { recursive: true, force: true });
  });

  it('is empty for a process that does not exist', async () => {
    expect(await openLogFiles(2 ** 22 + 7)).toEqual([]);
  });
});
