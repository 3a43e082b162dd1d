/**
 * The dynamic half of the shell probe, with real processes: a `run` workload that shells
 * out to curl and sh is caught from /proc; one that spawns nothing is not.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { healthProbe } from '../../probes/health';
import { peerFactsFrom } from '../../probes/peer-facts';
import { shellProbe } from '../../probes/shell';
import type { Facts, ProbeId } from '../../probes/types';
import { evaluateCheck } from '../../src/checks/evaluate-checks';
import { loadChecks } from '../../src/checks/load-checks';
import { launchProcess, type Launched } from '../../src/targets/launch-process';
import { parseStat, watchProcessTree } from '../../src/targets/process-watch';
import type { Target } from '../../src/targets/target';
import { freePort, requireBinary } from '../support/binaries';
import { defaultOptions, probeContext } from '../support/probe-context';

const WORKLOADS = path.join(__dirname, '..', 'fixtures', 'shell', '_workloads');
const linux = process.platform === 'linux';
const catalog = loadChecks(undefined, ['shell']);

async function launch(script: string): Promise<{ launched: Launched; target: Target }> {
  const port = await freePort();
  const run = { command: ['node', path.join(WORKLOADS, script)], env: { PORT: String(port) }, port };
  const launched = await launchProcess({ name: script, run, baseDir: WORKLOADS });
  expect(launched.error).toBeUndefined();
  const target: Target = { name: script, baseDir: WORKLOADS, url: `http://127.0.0.1:${port}`, config: { name: script, run }, process: launched.process };
  return { launched, target };
}

/** Health first (its traffic is what makes the workload shell out), then shell, as the engine orders them. */
async function probe(target: Target): Promise<Facts> {
  const health = await healthProbe.run(target, probeContext(defaultOptions(healthProbe.optionsSchema)));
  const peerFacts = new Map<ProbeId, Facts>([['health', health.facts]]);
  const out = await shellProbe.run(target, probeContext(defaultOptions(shellProbe.optionsSchema), { peerFacts: peerFactsFrom(peerFacts) }));
  return out.facts;
}

describe('parseStat', () => {
  it.each([
    ['123 (node) S 1 123 123 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 4242 0', { state: 'S', ppid: 1, pgrp: 123, startTime: '4242', comm: 'node' }],
    ['7 (my (odd) proc) R 5 5 5 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 99 0', { state: 'R', ppid: 5, pgrp: 5, startTime: '99', comm: 'my (odd) proc' }],
  ])('reads %j', (text, expected) => {
    expect(parseStat(text)).toEqual(expected);
  });

  it('refuses a line without a name', () => {
    expect(parseStat('garbage')).toBeNull();
  });
});

/** A procfs laid out in a temp dir: `{pid: [ppid, pgrp, comm, argv]}`. */
function fakeProc(procs: Record<number, [number, number, string, string[]]>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'fake-proc-'));
  for (const [pid, [ppid, pgrp, comm, argv]] of Object.entries(procs)) {
    mkdirSync(path.join(root, pid));
    writeFileSync(path.join(root, pid, 'stat'), `${pid} (${comm}) S ${ppid} ${pgrp} ${pgrp} 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 ${1000 + Number(pid)} 0`);
    writeFileSync(path.join(root, pid, 'cmdline'), `${argv.join('\0')}\0`);
  }
  return root;
}

describe('watchProcessTree on a fake procfs', () => {
  it('follows the process group and parents, and ignores everyone else', () => {
    const root = fakeProc({
      100: [1, 100, 'node', ['node', 'server.js']],
      101: [100, 100, 'sh', ['sh', '-c', 'curl -s x']],
      102: [101, 100, 'curl', ['curl', '-s', 'x']],
      103: [100, 103, 'daemon', ['daemon']], // left the group with setsid; still its child
      200: [1, 200, 'bash', ['bash']], // someone else's shell
    });
    const watch = watchProcessTree(100, { procRoot: root, intervalMs: 60_000 });
    watch.stop();
    expect(watch.supported).toBe(true);
    expect(watch.spawned().map((p) => [p.pid, p.comm, p.argv.join(' ')])).toEqual([
      [101, 'sh', 'sh -c curl -s x'],
      [102, 'curl', 'curl -s x'],
      [103, 'daemon', 'daemon'],
    ]);
  });

  it('remembers at most maxProcesses and counts the rest', () => {
    const procs: Record<number, [number, number, string, string[]]> = { 100: [1, 100, 'node', ['node']] };
    for (let pid = 101; pid <= 110; pid++) procs[pid] = [100, 100, 'sh', ['sh']];
    const watch = watchProcessTree(100, { procRoot: fakeProc(procs), intervalMs: 60_000, maxProcesses: 4 });
    watch.stop();
    expect(watch.spawned()).toHaveLength(4);
    expect(watch.dropped()).toBe(6);
  });

  it('says it is unsupported where there is no procfs', () => {
    const watch = watchProcessTree(100, { procRoot: path.join(tmpdir(), 'no-such-proc-dir') });
    expect(watch.supported).toBe(false);
    expect(watch.samples()).toBe(0);
  });
});

(linux ? describe : describe.skip)('process watcher on run workloads', () => {
  let running: Launched | null = null;
  afterEach(async () => {
    await running?.stop(500);
    running = null;
  });

  // The workload runs curl the way legacy code does; CI installs it (.ci/run).
  const curl = requireBinary('curl');

  (curl ? it : it.skip)('catches a workload that shells out to curl and sh at run time', async () => {
    const { launched, target } = await launch('shells-out.js');
    running = launched;
    const facts = await probe(target);
    const spawned = facts.spawned as { count: number; evidence: string[]; samples: number };
    expect(spawned.samples).toBeGreaterThan(0);
    expect(spawned.count).toBeGreaterThan(0);
    expect(spawned.evidence.join('\n')).toMatch(/spawned curl .*curl -s -o \/dev\/null http:\/\/127\.0\.0\.1:\d+\/slow/);

    const check = catalog.get('shellSpawnedAtRuntime')!;
    const result = evaluateCheck(check, facts, check.definition.severity);
    expect(result).toMatchObject({ status: 'fail', severity: 'critical' });
  });

  it('reports nothing for a workload that spawns nothing', async () => {
    const { launched, target } = await launch('clean.js');
    running = launched;
    const facts = await probe(target);
    expect(facts.spawned).toMatchObject({ count: 0, evidence: [] });
    expect((facts.spawned as { samples: number }).samples).toBeGreaterThan(0);
    const check = catalog.get('shellSpawnedAtRuntime')!;
    expect(evaluateCheck(check, facts, 'critical').status).toBe('pass');
  });

  it('stops sampling when the workload exits', async () => {
    const { launched } = await launch('clean.js');
    await launched.stop(500);
    const watch = launched.process!.children!;
    const before = watch.samples();
    await new Promise((r) => setTimeout(r, 350));
    expect(watch.samples()).toBe(before);
  });
});

(linux && requireBinary('curl') ? describe : describe.skip)('the engine, end to end', () => {
  it('launches the workload, watches it through the health probe, and blocks it', async () => {
    const { probeWorkload } = await import('../../src/engine/probe-workload');
    const { createHttpClient } = await import('../../src/net/http-client');
    const { silentLogger } = await import('../../src/telemetry/logger');
    const { DEFAULT_SCORING } = await import('../../src/scoring');
    const port = await freePort();
    const result = await probeWorkload(
      { name: 'curler', url: `http://127.0.0.1:${port}`, run: { command: ['node', 'shells-out.js'], env: { PORT: String(port) }, port } },
      'sweep-1',
      {
        probes: [healthProbe, shellProbe], checks: loadChecks(undefined, ['health', 'shell']), http: createHttpClient(), logger: silentLogger(),
        scoring: DEFAULT_SCORING, overrides: {}, timeoutMs: 15_000, baseDir: WORKLOADS, services: {},
        probeOptions: { health: defaultOptions(healthProbe.optionsSchema), shell: defaultOptions(shellProbe.optionsSchema) },
      },
    );
    expect(result.verdict).toBe('not-ready');
    expect(result.blockers).toContain('shellSpawnedAtRuntime');
    expect(result.checks.find((c) => c.id === 'shellSpawnedAtRuntime')!.evidence.join('\n')).toMatch(/curler: spawned (curl|sh) /);
  });
});
