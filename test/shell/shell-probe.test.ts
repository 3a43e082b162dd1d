/**
 * The shell probe as the engine runs it: paths from config resolve against the config's
 * directory, the health probe's measured endpoints turn into proposed probes, and a
 * workload with nothing to read is skipped.
 */
import * as path from 'node:path';
import { peerFactsFrom } from '../../probes/peer-facts';
import { shellProbe } from '../../probes/shell';
import { Value } from '@sinclair/typebox/value';
import { analyzeStatic } from '../../probes/shell/analyze-files';
import { ShellFacts } from '../../probes/shell/facts-schema';
import { FINDING_GROUPS, FINDING_KINDS } from '../../probes/shell/findings';
import type { Facts, ProbeId } from '../../probes/types';
import { evaluateProbeChecks } from '../../src/checks/evaluate-checks';
import { loadChecks } from '../../src/checks/load-checks';
import type { Target } from '../../src/targets/target';
import { defaultOptions, probeContext } from '../support/probe-context';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples', 'workloads');
const catalog = loadChecks(undefined, ['shell']);

function target(name: string, config: Record<string, unknown>): Target {
  return { name, baseDir: EXAMPLES, config: { name, ...config } };
}

/** Health facts as the health probe reports them for a live legacy workload (slow liveness). */
const healthFacts: Facts = {
  liveness: { path: '/livez', url: 'http://127.0.0.1:18082/livez', status: 200, latencyMs: 1450, kubeletSuccess: true },
  readiness: { path: '/readyz', url: 'http://127.0.0.1:18082/readyz', status: 200, latencyMs: 4, kubeletSuccess: true },
};

async function run(t: Target, peer?: Facts): Promise<{ facts: Facts; skipped?: string }> {
  const peerFacts = new Map<ProbeId, Facts>(peer ? [['health', peer]] : []);
  return shellProbe.run(t, probeContext(defaultOptions(shellProbe.optionsSchema), { peerFacts: peerFactsFrom(peerFacts) }));
}

describe('shell probe', () => {
  it('runs after health, whose endpoints it proposes', () => {
    expect(shellProbe.runsAfter).toEqual(['health']);
  });

  it('skips a workload with no Dockerfile, manifests or process', async () => {
    const out = await run(target('bare', {}));
    expect(out.skipped).toMatch(/no dockerfile, manifests or launched process/);
  });

  it('proposes httpGet probes from the live endpoints, with measured latency', async () => {
    const out = await run(target('legacy', { dockerfile: 'legacy/Dockerfile', manifests: ['legacy/deployment.yaml'] }), healthFacts);
    const checks = evaluateProbeChecks(catalog.byProbe('shell'), { status: 'pass', facts: out.facts });
    const exec = checks.find((c) => c.id === 'shellExecProbe')!;
    expect(exec.status).toBe('fail');
    expect(exec.locations).toEqual([
      { file: expect.stringMatching(/legacy\/deployment\.yaml$/), line: 17, column: 11 },
      { file: expect.stringMatching(/legacy\/deployment\.yaml$/), line: 20, column: 11 },
    ]);
    // Liveness: the measured /livez took 1450 ms, so the proposal allows 5 s, not the default 1 s.
    expect(exec.patch).toContain('measured on the live workload: GET http://127.0.0.1:18082/livez → 200 in 1450 ms');
    expect(exec.patch).toMatch(/livenessProbe:\n\s+exec: null\n\s+httpGet:\n\s+path: \/livez\n\s+port: 8082\n\s+timeoutSeconds: 5/);
    // Readiness: its own curl URL wins over discovery.
    expect(exec.patch).toMatch(/readinessProbe:\n\s+exec: null\n\s+httpGet:\n\s+path: \/\n\s+port: 8082/);
  });

  it('blocks the legacy example and clears the ready one', async () => {
    const legacy = await run(target('legacy', { dockerfile: 'legacy/Dockerfile', manifests: ['legacy/deployment.yaml'] }));
    const ready = await run(target('ready', { dockerfile: 'ready/Dockerfile', manifests: ['ready/deployment.yaml'] }));
    const failed = (facts: Facts): string[] =>
      evaluateProbeChecks(catalog.byProbe('shell'), { status: 'pass', facts })
        .filter((c) => c.status === 'fail')
        .map((c) => `${c.severity} ${c.id}`)
        .sort();
    expect(failed(legacy.facts)).toEqual([
      'critical shellContainerCommand',
      'critical shellExecProbe',
      'critical shellFormEntrypoint',
      'critical shellHealthcheckNeedsShell',
      'critical shellLifecycleHookExec',
      'important shellLogFilesOnVolume',
      'low shellWritableRootFilesystem',
      'normal shellImageRunsAsRoot',
      'normal shellToolsInstalled',
    ]);
    expect(failed(ready.facts)).toEqual([]);
    expect(ready.facts.baseImage).toMatchObject({ tier: 4, tierName: 'distroless' });
  });

  it('judges only what it saw: a run workload without files has no static findings either way', async () => {
    const facts = { ...(await analyzeStatic({})).facts, spawned: null };
    const judged = evaluateProbeChecks(catalog.byProbe('shell'), { status: 'pass', facts });
    expect(judged.filter((c) => c.status !== 'unknown')).toEqual([]);
  });

  it('returns facts its TypeBox schema accepts, with every finding group declared', async () => {
    const legacy = await run(target('legacy', { dockerfile: 'legacy/Dockerfile', manifests: ['legacy/deployment.yaml'] }), healthFacts);
    expect([...Value.Errors(ShellFacts, legacy.facts)].map((e) => `${e.path}: ${e.message}`)).toEqual([]);
    for (const kind of FINDING_KINDS) expect(Object.keys(ShellFacts.properties)).toContain(kind);
    const none = await run(target('none', { dockerfile: 'nope/Dockerfile' }));
    expect(Value.Check(ShellFacts, none.facts)).toBe(true);
  });

  it('every finding group is judged by the one check its table names, and that check requires it', () => {
    for (const [kind, { check }] of Object.entries(FINDING_GROUPS)) {
      expect(catalog.get(check)?.definition.requires).toEqual([kind]);
    }
  });

  it('reports a missing file as a finding, not an error', async () => {
    const out = await run(target('typo', { dockerfile: 'nope/Dockerfile' }));
    expect(out.facts.unreadable).toMatchObject({ count: 1, evidence: [expect.stringMatching(/nope\/Dockerfile:1: file not found/)] });
    expect(out.facts.shellForm).toBeNull();
  });
});
