/**
 * Processes that do not hold still or may not be looked at: one that exits while its fds
 * are sampled, a pid that does not exist, a kernel thread (no executable, empty maps),
 * and a root process read by an unprivileged distroready (EACCES on /proc/<pid>). Each
 * gives `null` facts with the reason in `unknowns`, never a throw.
 */
import { execFile, spawn } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { baseProbe } from '../../probes/base';
import type { BaseFacts } from '../../probes/base/facts-schema';
import type { Target } from '../../src/targets/target';
import { defaultOptions, probeContext } from '../support/probe-context';
import { observed } from '../support/base';

const ROOT = path.resolve(__dirname, '..', '..');
const opts = (o: Record<string, unknown> = {}) => probeContext(defaultOptions(baseProbe.optionsSchema, o));
const byPid = (pid: number): Target => ({ name: 'w', baseDir: process.cwd(), config: { name: 'w', base: { pid } } });

describe('the base probe on hostile processes', () => {
  it('a process that exits while its open files are sampled: partial facts, the exit as a reason', async () => {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 300));
    setTimeout(() => child.kill('SIGKILL'), 150);
    const f = observed(await baseProbe.run(byPid(child.pid!), opts({ fdSamples: 40, fdIntervalMs: 25 })));
    // Read before it died: the executable and the recommendation; after: an fd sample error.
    expect(f.files === null || f.files.samples < 40).toBe(true);
    expect(f.unknowns.join('\n')).toMatch(/ENOENT|ESRCH|exited/);
  });

  it('a pid that does not exist is unknown, with the reason', async () => {
    const out = observed(await baseProbe.run(byPid(2 ** 22 + 12345), opts()));
    expect(out).toMatchObject({ process: null, binary: null, recommended: null });
    expect(out.unknowns[0]).toMatch(/no such process/);
  });

  it('a kernel thread (pid 2): no executable, nothing judged', async () => {
    const out = observed(await baseProbe.run(byPid(2), opts({ fdSamples: 1 })));
    expect(out.binary).toBeNull();
    expect(out.recommended).toBeNull();
    expect(out.unknowns.join('\n')).toMatch(/exe: ENOENT|executable could not be read/);
  });

  const root = process.getuid?.() === 0;
  (root ? it : it.skip)('an unprivileged distroready reading a root process: EACCES, unknown facts', async () => {
    const target = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      await new Promise((r) => setTimeout(r, 200));
      // Load as root (the checkout may sit in a directory only root can enter, such as a
      // mktemp -d), then drop to nobody before reading the root process.
      const script = `
        const { baseProbe } = require(${JSON.stringify(path.join(ROOT, 'dist', 'probes', 'base.js'))});
        const pino = require(${JSON.stringify(path.join(ROOT, 'node_modules', 'pino'))});
        process.setgroups([]);
        process.setgid(65534);
        process.setuid(65534);
        baseProbe.run({ name: 'w', baseDir: '/', config: { name: 'w', base: { pid: ${target.pid} } } },
          { signal: AbortSignal.timeout(10000), logger: pino({ level: 'silent' }), options: { fdSamples: 2, fdIntervalMs: 10 }, peerFacts: new Map(), services: {} })
          .then((o) => process.stdout.write(JSON.stringify(o.facts)));`;
      const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], { cwd: '/', timeout: 20_000 });
      const f = JSON.parse(stdout) as BaseFacts;
      expect(f.binary).toBeNull();
      expect(f.recommended).toBeNull();
      expect(f.unknowns.join('\n')).toMatch(/EACCES/);
      expect(f.unknowns.join('\n')).toMatch(/run distroready as the same user as the workload, or as root/);
    } finally {
      target.kill('SIGKILL');
    }
  });

  it('nothing to look at: skipped, saying what would do', async () => {
    const out = await baseProbe.run({ name: 'w', baseDir: process.cwd(), config: { name: 'w' } }, opts());
    expect(out.skipped).toMatch(/no process \(run:, base.pid, base.pidFile\), dockerfile or manifests/);
  });

  it('a pid file that holds no pid is unknown, read within 64 bytes', async () => {
    const file = path.join(ROOT, 'package.json');
    const out = observed(await baseProbe.run({ name: 'w', baseDir: process.cwd(), config: { name: 'w', base: { pidFile: file } } }, opts()));
    expect(out.unknowns[0]).toMatch(/does not hold a pid/);
  });
});
