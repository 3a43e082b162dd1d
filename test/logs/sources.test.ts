/** The file and command sources: tail then follow, rotation, truncation, bounds, failures. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { commandSource } from '../../probes/logs/sources/command-source';
import { fileSource } from '../../probes/logs/sources/file-source';
import type { CollectOptions } from '../../probes/logs/sources/source';
import { FIXTURES, node, probe } from '../support/logs';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'distroready-sources-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const opts = (o: Partial<CollectOptions> = {}): CollectOptions => ({
  windowMs: 200,
  maxLines: 1000,
  maxLineBytes: 16 * 1024,
  maxBytes: 8 * 1024 * 1024,
  tailLines: 500,
  commandTimeoutMs: 5000,
  signal: AbortSignal.timeout(20_000),
  ...o,
});
const texts = (lines: { text: string }[]): string[] => lines.map((l) => l.text);

describe('file source', () => {
  it('reads only the last N lines of a long file', async () => {
    const file = path.join(dir, 'long.log');
    writeFileSync(file, Array.from({ length: 5000 }, (_, i) => `line ${i}`).join('\n') + '\n');
    const got = await fileSource(file).collect(opts({ tailLines: 3 }));
    expect(texts(got.lines)).toEqual(['line 4997', 'line 4998', 'line 4999']);
    expect(got.error).toBeNull();
  });

  it('reads nothing back with tail 0, only what is appended', async () => {
    const file = path.join(dir, 'tail0.log');
    writeFileSync(file, 'old 1\nold 2\n');
    const got = await fileSource(file).collect(opts({ tailLines: 0 }));
    expect(got.lines).toEqual([]);
  });

  it('follows the file through a rename rotation and a truncation', async () => {
    const file = path.join(dir, 'rotating.log');
    writeFileSync(file, '{"msg":"old line"}\n');
    const writer = spawn(node, [path.join(FIXTURES, 'rotating-writer.js'), file], { stdio: 'ignore' });
    const got = await fileSource(file).collect(opts({ windowMs: 4000 }));
    writer.kill();
    const msgs = texts(got.lines).map((t) => (JSON.parse(t) as { msg: string }).msg);
    expect(msgs).toEqual(['old line', 'before rotation 1', 'before rotation 2', 'after rotation', 'after truncation']);
    expect(got.notes.join('\n')).toMatch(/rotated[\s\S]*truncated/);
  });

  it('is an error value, not an exception, when the file is missing', async () => {
    const got = await fileSource(path.join(dir, 'nope.log')).collect(opts());
    expect(got.error).toMatch(/cannot read .*nope\.log: ENOENT/);
  });

  it('stops at its byte budget on a file that grows without end', async () => {
    const file = path.join(dir, 'endless.log');
    writeFileSync(file, '');
    const writer = spawn(node, [path.join(FIXTURES, 'endless.js'), file], { stdio: 'ignore' });
    const got = await fileSource(file).collect(opts({ windowMs: 3000, maxBytes: 256 * 1024, maxLines: 100 }));
    writer.kill();
    expect(got.lines.length).toBeLessThanOrEqual(100);
    expect(got.notes.join('\n')).toMatch(/stopped reading after 262144 bytes/);
  });
});

describe('command source', () => {
  it('reads the lines a command prints, without a shell', async () => {
    const got = await commandSource([node, '-e', 'console.log("a"); console.log("$HOME; echo b")'], dir).collect(opts());
    expect(texts(got.lines)).toEqual(['a', '$HOME; echo b']);
    expect(got.error).toBeNull();
  });

  it('says when the command is not found', async () => {
    const got = await commandSource(['distroready-no-such-command'], dir).collect(opts());
    expect(got.error).toBe('command not found: distroready-no-such-command');
  });

  it('says why a command failed, from its stderr', async () => {
    const got = await commandSource([node, '-e', 'console.error("Error from server (NotFound): deployments.apps \\"x\\" not found"); process.exit(1)'], dir).collect(opts());
    expect(got.error).toMatch(/exited with code 1: Error from server \(NotFound\)/);
  });

  it('kills a command that follows forever at its time limit, keeping a bounded tail', async () => {
    const got = await commandSource([node, path.join(FIXTURES, 'endless.js')], dir).collect(opts({ commandTimeoutMs: 3000, maxLines: 50 }));
    expect(got.lines.length).toBe(50);
    // A limit long enough for node to start on a loaded machine; whichever bound comes first stops it.
    expect(got.notes.join('\n')).toMatch(/stopped after (its 3000 ms time limit|8388608 bytes of output)/);
    expect(got.error).toBeNull();
  });

  it('stops a command when the probe deadline passes', async () => {
    const got = await commandSource([node, '-e', 'setInterval(() => console.log("tick"), 50)'], dir).collect(opts({ commandTimeoutMs: 600_000, signal: AbortSignal.timeout(300) }));
    expect(got.notes).toEqual(['stopped after the probe deadline']);
  });
});

describe('logs probe with a command source', () => {
  it('judges the lines of a logs.command like captured stdout', async () => {
    const script = path.join(FIXTURES, 'pino-json.js');
    const command = [node, '-e', `require(${JSON.stringify(script)}); setTimeout(() => process.exit(0), 300)`];
    const p = await probe({ name: 'c', baseDir: dir, config: { name: 'c', logs: { command } } });
    expect(p.checks.logsNotOnStdout!.status).toBe('pass');
    expect(p.checks.logsNotStructured!.status).toBe('pass');
    expect(p.facts.streams).toMatchObject({ command: 3 });
  });

  it('errors with the reason when its only source fails', async () => {
    await expect(probe({ name: 'c', baseDir: dir, config: { name: 'c', logs: { command: ['distroready-no-such-command'] } } })).rejects.toThrow(/command not found/);
  });
});
