/** Launching `run` workloads: no shell, bounded capture, clear failures, no orphans. */
import { existsSync, readFileSync } from 'node:fs';
import { launchProcess } from '../../src/targets/launch-process';
import { freePort } from '../support/binaries';

const node = process.execPath;
const launch = (command: string[], port?: number, startTimeoutMs = 3000) =>
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
    await l.process.output.waitForLine(1000);
    await l.stop();
    const lines = l.process.output.snapshot().map((x) => [x.stream, x.text]);
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
    expect(l.process.output.snapshot().map((x) => x.text)).toContain('boom: missing config');
  });

  it('gives up on a port that never opens', async () => {
    const port = await freePort();
    const l = await launch([node, '-e', 'setInterval(() => {}, 1000)'], port, 600);
    expect(l.error).toMatch(/did not open within 600 ms/);
    await l.stop();
    expect(l.process.alive()).toBe(false);
  });

  it('stops the whole process group, SIGKILLing what ignores SIGTERM', async () => {
    const script = `const { spawn } = require('child_process');
      const c = spawn(process.execPath, ['-e', 'process.on("SIGTERM", () => {}); setInterval(() => {}, 1000)'], { stdio: 'ignore' });
      console.log(c.pid); process.on('SIGTERM', () => {}); setInterval(() => {}, 1000);`;
    const l = await launch([node, '-e', script]);
    await l.process.output.waitForLine(2000);
    const childPid = Number(l.process.output.snapshot()[0]!.text);
    expect(alive(childPid)).toBe(true);
    await l.stop(300);
    expect(l.process.alive()).toBe(false);
    await new Promise((r) => setTimeout(r, 100));
    expect(alive(childPid)).toBe(false);
  });
});
