/** Launching `run` workloads: no shell, bounded capture, clear failures, no orphans. */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { launchProcess } from '../../src/targets/launch-process';
import { freePort } from '../support/binaries';
import { eventually } from '../support/eventually';

const node = process.execPath;
const launch = (command: string[], port?: number, startTimeoutMs = 20_000) =>
  launchProcess({ name: 'w', run: { command, port, startTimeoutMs }, baseDir: process.cwd(), otlpEndpoint: 'http://127.0.0.1:4318' });

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return existsSync(`/proc/${pid}`) && !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

describe('launchProcess', () => {
  it('captures stdout and stderr apart, sets the OTel env, and waits for the port', async () => {
    const port = await freePort();
    const script = `console.log(process.env.OTEL_EXPORTER_OTLP_ENDPOINT, process.env.OTEL_SERVICE_NAME); console.error('to stderr');
      require('http').createServer((q, s) => s.end('ok')).listen(${port});`;
    const l = await launch([node, '-e', script], port);
    expect(l.error).toBeUndefined();
    await l.process!.output.waitForLine(1000);
    await l.stop();
    const lines = l.process!.output.snapshot().map((x) => [x.stream, x.text]);
    expect(lines).toEqual(expect.arrayContaining([['stdout', 'http://127.0.0.1:4318 w'], ['stderr', 'to stderr']]));
  });

  it('says a command was not found', async () => {
    const l = await launch(['no-such-binary-distroready'], 1);
    expect(l.error).toMatch(/command not found: no-such-binary-distroready/);
  });

  it('says a command exited before opening its port, keeping its last output', async () => {
    const port = await freePort();
    const l = await launch([node, '-e', 'console.error("boom: missing config"); process.exit(3)'], port);
    expect(l.error).toMatch(/exited with code 3 before opening port/);
    expect(l.process!.output.snapshot().map((x) => x.text)).toContain('boom: missing config');
  });

  it('gives up on a port that never opens', async () => {
    const port = await freePort();
    const l = await launch([node, '-e', 'setInterval(() => {}, 1000)'], port, 600);
    expect(l.error).toMatch(/did not open within 600 ms/);
    await l.stop();
    expect(l.process!.alive()).toBe(false);
  });

  it('stops the whole process group, SIGKILLing what ignores SIGTERM', async () => {
    const script = `const { spawn } = require('child_process');
      const c = spawn(process.execPath, ['-e', 'process.on("SIGTERM", () => {}); setInterval(() => {}, 1000)'], { stdio: 'ignore' });
      console.log(c.pid); process.on('SIGTERM', () => {}); setInterval(() => {}, 1000);`;
    const l = await launch([node, '-e', script]);
    await l.process!.output.waitForLine(2000);
    const childPid = Number(l.process!.output.snapshot()[0]!.text);
    expect(alive(childPid)).toBe(true);
    await l.stop(300);
    expect(l.process!.alive()).toBe(false);
    await new Promise((r) => setTimeout(r, 100));
    expect(alive(childPid)).toBe(false);
  });

  it('gives the workload real pipes: open("/dev/stdout") and open("/dev/stderr") work', async () => {
    const script = `const fs = require('fs');
      fs.writeSync(fs.openSync('/dev/stdout', 'w'), 'reopened stdout ' + fs.readlinkSync('/proc/self/fd/1').split(':')[0] + '\\n');
      fs.writeSync(fs.openSync('/dev/stderr', 'a'), 'reopened stderr\\n'); setInterval(() => {}, 1000);`;
    const l = await launch([node, '-e', script]);
    expect(l.error).toBeUndefined();
    await eventually('both lines', 3000, async () => (l.process!.output.total >= 2 ? true : undefined));
    await l.stop();
    expect(l.process!.stdio).toBe('fifo');
    const lines = l.process!.output.snapshot().map((x) => [x.stream, x.text]);
    // A socketpair would read `socket:[…]` here and the open would fail with ENXIO.
    expect(lines).toEqual(expect.arrayContaining([['stdout', expect.stringMatching(/^reopened stdout \//)], ['stderr', 'reopened stderr']]));
  });

  it('keeps the output a workload prints after its leader exited, from a child that still holds the pipe', async () => {
    const script = `require('child_process').spawn(process.execPath, ['-e', 'setTimeout(() => console.log("late child line"), 150)'], { stdio: 'inherit' });`;
    const l = await launch([node, '-e', script]);
    await eventually('the late line', 3000, async () => (l.process!.output.snapshot().some((x) => x.text === 'late child line') ? true : undefined));
    await l.stop();
  });

  it('refuses a port that is already taken, naming who holds it, and starts nothing', async () => {
    const port = await freePort();
    const squatter = spawn(node, ['-e', `require('net').createServer().listen(${port}, '127.0.0.1', () => console.log('up'))`], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise((resolve) => squatter.stdout!.once('data', resolve));
      const l = await launch([node, '-e', 'console.log("never runs")'], port);
      expect(l.cause).toBe('port-in-use');
      expect(l.error).toContain(`port ${port} is already in use by another process (pid ${squatter.pid}, \`${node} -e`);
      expect(l.error).toContain('distroready would be probing it, not your workload');
      expect(l.process).toBeUndefined();
      await l.stop();
    } finally {
      squatter.kill('SIGKILL');
    }
  });

  // Generous start timeouts where the outcome does not depend on them: a loaded machine may take seconds to start node.
  it.each([
    ['not-found', ['no-such-binary-distroready'], 10_000],
    ['exited', [node, '-e', 'process.exit(2)'], 30_000],
    ['port-never-opened', [node, '-e', 'setInterval(() => {}, 1000)'], 600],
  ] as const)('codes the failure as %s', async (cause, command, startTimeoutMs) => {
    const l = await launch([...command], await freePort(), startTimeoutMs);
    expect([l.cause, typeof l.error]).toEqual([cause, 'string']);
    await l.stop(200);
  });

  it('says which is missing, the command or its working directory', async () => {
    const l = await launchProcess({ name: 'w', run: { command: [node, '-e', ''], cwd: 'no-such-dir-distroready' }, baseDir: process.cwd() });
    expect([l.cause, l.error]).toEqual(['not-found', expect.stringMatching(/run\.cwd not found: .*no-such-dir-distroready does not exist/)]);
    await l.stop();
  });

  it('fails cleanly on an argument Node refuses (a NUL byte), starting nothing', async () => {
    const l = await launch([node, '-e', 'a\0b']);
    expect([l.cause, l.process]).toEqual(['spawn-failed', undefined]);
    expect(l.error).toMatch(/could not start/);
  });

  it('holds only the two read ends while a workload runs, and no descriptor once stopped', async () => {
    const open = (): number => readdirSync('/proc/self/fd').length;
    await launch([node, '-e', '']).then((l) => l.stop()); // warm up: the first launch creates lazy handles
    const before = open();
    for (let i = 0; i < 5; i++) {
      const l = await launch([node, '-e', 'console.log("x"); setInterval(() => {}, 1000)']);
      expect(open() - before).toBe(2); // our copies of the write ends were closed right after spawn
      await l.stop(200);
    }
    await new Promise((r) => setTimeout(r, 50));
    expect(open()).toBe(before);
  });

  it('closes its read ends at stop even when an escaped grandchild (own session) still holds the pipe', async () => {
    const open = (): number => readdirSync('/proc/self/fd').length;
    await launch([node, '-e', '']).then((l) => l.stop()); // warm up, as above
    const before = open();
    const script = `const c = require('child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { detached: true, stdio: ['ignore', 'inherit', 'inherit'] });
      console.log(c.pid); setInterval(() => {}, 1000);`;
    const l = await launch([node, '-e', script]);
    const escaped = Number(await eventually('the escapee pid', 3000, async () => l.process!.output.snapshot()[0]?.text));
    try {
      await l.stop(200);
      expect(alive(escaped)).toBe(true); // out of the group's reach, still holding the write end
      expect(open()).toBe(before);
    } finally {
      process.kill(escaped, 'SIGKILL');
    }
  });

  it('refuses a port another process binds while the workload starts, instead of probing it', async () => {
    const port = await freePort();
    // The workload never listens; a stranger takes the port once the launch has checked it was free.
    const launching = launch([node, '-e', 'setInterval(() => {}, 1000)'], port, 20_000);
    await new Promise((r) => setTimeout(r, 300));
    const squatter = spawn(node, ['-e', `require('net').createServer().listen(${port}, '127.0.0.1')`], { stdio: 'ignore' });
    const l = await launching;
    try {
      expect(l.cause).toBe('port-in-use');
      expect(l.error).toContain(`port ${port} was taken by another process (pid ${squatter.pid}, `);
    } finally {
      await l.stop(200);
      squatter.kill('SIGKILL');
    }
  });

  it('accepts a port its own child opens (the listener is in its process group)', async () => {
    const port = await freePort();
    const script = `require('child_process').spawn(process.execPath, ['-e', "require('net').createServer().listen(${port}, '127.0.0.1')"], { stdio: 'inherit' }); setInterval(() => {}, 1000);`;
    const l = await launch([node, '-e', script], port);
    expect([l.cause, l.error]).toEqual([undefined, undefined]);
    await l.stop(200);
  });
});
