/**
 * An input the target itself knows is missing (a cluster container that runs its image's
 * ENTRYPOINT, no Dockerfile mapped) weighs in the verdict like a probe with nothing to
 * judge: a workload with no blocker is `incomplete`, never "can move", and says what settles it.
 */
import { healthProbe } from '../../probes/health';
import { loadChecks } from '../../src/checks/load-checks';
import { parseConfig } from '../../src/config/load-config';
import { judge, type Observation } from '../../src/engine/judge';
import { defaultOptions, probeContext } from '../support/probe-context';
import { REACHED } from '../support/results';
import { httpServer, json, type TestServer } from '../support/servers';

describe('inputs a target knows are missing', () => {
  let server: TestServer;
  let observation: Observation;
  beforeAll(async () => {
    server = await httpServer({ '/livez': json(200, { status: 'ok' }), '/readyz': json(200, { status: 'ready' }) });
    const target = { name: 'shop/deployment/web', baseDir: process.cwd(), url: server.url, config: { name: 'shop/deployment/web', url: server.url } };
    const outcome = await healthProbe.run(target, probeContext(defaultOptions(healthProbe.optionsSchema)));
    observation = { name: target.name, sweepId: 's', reach: REACHED, launched: false, probes: { health: { status: 'pass', facts: outcome.facts, durationMs: 1 } } };
  });
  afterAll(() => server.close());

  const deps = () => ({ probes: [healthProbe], checks: loadChecks(undefined, ['health']), overrides: {}, scoring: parseConfig('workloads: []', 'x.yaml').scoring });
  const entrypoint = { probe: 'shell' as const, reason: 'container app (image shop/web:1) sets no command', input: 'map the image to its Dockerfile' };

  it('leave a verdict with no blocker incomplete, listing the input', () => {
    const seen = judge(observation, deps());
    expect(seen.blockers).toEqual([]);
    expect(['ready', 'caveats']).toContain(seen.verdict);
    const partly = judge({ ...observation, missing: [entrypoint] }, deps());
    expect(partly.verdict).toBe('incomplete');
    expect(partly.score).toBe(seen.score);
    expect(partly.incomplete).toContainEqual(entrypoint);
  });
});
