/**
 * `serve` killed with SIGKILL mid-sweep leaves its `run` workload running in its own
 * process group, holding the port. The next `serve` must end that group (the record says
 * which, and its start time proves the pid was not reused) and probe its own launch, not
 * the orphan.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { tcpAccepts } from '../../src/net/tcp-connect';
import { readStat } from '../../src/targets/process-watch';
import { freePort } from '../support/binaries';
import { eventually, untilStatus } from '../support/eventually';
import { CLI } from '../support/examples-config';

const alive = (pid: number): boolean => {
  const stat = readStat('/proc', pid);
  return stat !== null && stat.state !== 'Z';
};

const WORKLOAD = `const fs = require('fs');
const child = require('child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
fs.appendFileSync(process.env.PIDS, process.pid + ' ' + child.pid + '\\n');
require('http').createServer((req, res) => {
  fs.appendFileSync(process.env.REQUESTS, process.pid + ' ' + req.url + '\\n');
  console.log(JSON.stringify({ time: new Date().toISOString(), level: 'info', msg: 'request', pid: process.pid, path: req.url }));
  res.end('ok');
}).listen(Number(process.env.PORT), '127.0.0.1');
`;

describe('serve after a SIGKILL', () => {
  const children: ChildProcess[] = [];
  const launchedGroups: number[] = [];
  afterAll(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    // Should this test fail half-way, leave no workload group behind either.
    for (const pgid of launchedGroups) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        /* gone, as it should be */
      }
    }
  });

  const serve = (config: string): ChildProcess => {
    const c = spawn(process.execPath, [CLI, 'serve', '--config', config], { stdio: 'ignore', env: { ...process.env, LOG_LEVEL: 'warn' } });
    children.push(c);
    return c;
  };

  it('ends the orphaned workload group at start and probes its own launch', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'distroready-restart-'));
    const [serverPort, otlpPort, grpcPort, port] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    const pidsFile = path.join(dir, 'pids');
    const requests = path.join(dir, 'requests');
    writeFileSync(path.join(dir, 'workload.js'), WORKLOAD);
    const config = path.join(dir, 'distroready.yaml');
    writeFileSync(
      config,
      `server: { port: ${serverPort}, host: 127.0.0.1 }
otlp: { port: ${otlpPort}, grpcPort: ${grpcPort}, host: 127.0.0.1 }
sweep: { interval: 60s, timeout: 15s }
storage: { path: ${JSON.stringify(path.join(dir, 'history.db'))} }
workloads:
  - name: w
    url: http://127.0.0.1:${port}
    run: { command: [${JSON.stringify(process.execPath)}, workload.js], env: { PORT: "${port}", PIDS: ${JSON.stringify(pidsFile)}, REQUESTS: ${JSON.stringify(requests)} }, port: ${port} }
    logs: { window: 5s }
`,
    );
    const first = serve(config);
    const [oldLeader, oldChild] = await eventually('the first launch', 60_000, async () => (existsSync(pidsFile) ? readFileSync(pidsFile, 'utf8').trim().split(' ').map(Number) : undefined));
    await eventually('its port open', 30_000, async () => ((await tcpAccepts('127.0.0.1', port, 500)) ? true : undefined));
    launchedGroups.push(oldLeader!);
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    // The orphan: alive, in its own group, holding the port, recorded on disk.
    expect([alive(oldLeader!), alive(oldChild!)]).toEqual([true, true]);
    expect(await tcpAccepts('127.0.0.1', port, 500)).toBe(true);
    expect(readdirSync(path.join(dir, 'launched'))).toEqual([`${oldLeader}.json`]);

    const second = serve(config);
    await eventually('the second serve ready', 90_000, untilStatus(`http://127.0.0.1:${serverPort}/readyz`, 200), undefined, 200);
    expect([alive(oldLeader!), alive(oldChild!)]).toEqual([false, false]);
    const launches = readFileSync(pidsFile, 'utf8').trim().split('\n');
    expect(launches).toHaveLength(2);
    const newLeader = Number(launches[1]!.split(' ')[0]);
    launchedGroups.push(newLeader);
    expect(newLeader).not.toBe(oldLeader);
    // Every request of the second sweep reached the new launch, none the orphan.
    const served = readFileSync(requests, 'utf8').trim().split('\n').map((l) => Number(l.split(' ')[0]));
    expect(served).toContain(newLeader);
    expect(served.filter((pid) => pid !== oldLeader && pid !== newLeader)).toEqual([]);
    const result = (await (await fetch(`http://127.0.0.1:${serverPort}/api/v1/workloads/w`)).json()) as {
      probes: { logs: { facts: { streams: { stdout: number } } } };
    };
    expect(JSON.stringify(result)).not.toMatch(/already in use|did not open|exited with code/);
    expect(result.probes.logs.facts.streams.stdout).toBeGreaterThan(0);

    second.kill('SIGTERM');
    await new Promise((resolve) => second.once('exit', resolve));
    expect(readdirSync(path.join(dir, 'launched'))).toEqual([]);
    expect(alive(newLeader)).toBe(false);
    launchedGroups.length = 0; // both proven gone: nothing to clean up, and never signal a pid that may be reused
    rmSync(dir, { recursive: true, force: true });
  }, 200_000);
});
