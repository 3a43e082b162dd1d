/**
 * What a sweep costs a fleet, counted: TCP connections and requests a workload, the
 * reach check's connection reused, later sweeps re-checking, and waits that do not hold
 * a sweep slot.
 */
import * as path from 'node:path';
import type { Probe } from '../../probes/types';
import { loadChecks } from '../../src/checks/load-checks';
import { parseConfig } from '../../src/config/load-config';
import { createEngine } from '../../src/engine/create-engine';
import { sweep } from '../../src/engine/sweep';
import { silentLogger } from '../../src/telemetry/logger';
import { countingServer, type CountingServer } from '../support/counting-server';

function engineFor(urls: string[], concurrency = 8) {
  const checks = loadChecks(undefined, ['health']);
  const workloads = urls.map((u, i) => `  - { name: w${i}, url: "${u}" }`).join('\n');
  const config = parseConfig(`sweep: { concurrency: ${concurrency} }\nworkloads:${workloads ? `\n${workloads}` : ' []'}\n`, path.join(process.cwd(), 'fleet-test.yaml'), {}, checks);
  return createEngine({ config, checks, logger: silentLogger(), only: ['health'] });
}

describe('a fleet sweep', () => {
  let server: CountingServer;
  afterEach(() => server.close());

  it('opens one TCP connection a workload: the reach check\'s, which then carries its health requests', async () => {
    server = await countingServer({ '/healthz': 200 });
    const engine = engineFor([server.url, server.url, server.url]);
    const { results } = await engine.sweep();
    expect(results.map((r) => r.reach.status)).toEqual(['reached', 'reached', 'reached']);
    expect(server.connections()).toBe(3);
    expect(server.requests()).toBe(3 * 8);
    const facts = results[0]!.probes.health!.facts as { liveness: { connectMs: number | null }; connectMs: number | null };
    // Latency then includes no connect; the target's connect time is reported beside it.
    expect(facts.liveness.connectMs).toBeNull();
    expect(facts.connectMs).toEqual(expect.any(Number));
  });

  it('re-checks the endpoints found on later sweeps: one request a workload', async () => {
    server = await countingServer({ '/healthz': 200 });
    const engine = engineFor([server.url, server.url]);
    await engine.sweep();
    server.reset();
    const { results } = await engine.sweep();
    expect(server.requests()).toBe(2);
    expect(server.connections()).toBe(2);
    expect(results.map((r) => (r.probes.health!.facts as { discovery: { kind: string } }).discovery.kind)).toEqual(['recheck', 'recheck']);
  });

  it('gives a waiting workload\'s slot to the next: three waits overlap at concurrency 1', async () => {
    server = await countingServer({});
    const engine = engineFor([], 1);
    // Each waits until all three are waiting: with the slot held, the first would wait for ever.
    let waiting = 0;
    let open!: () => void;
    const allWaiting = new Promise<void>((r) => (open = r));
    const waiter: Probe = {
      id: 'health',
      title: 'waits',
      needsLiveTarget: true,
      completeWith: '',
      workloadKeys: {},
      optionsSchema: {},
      async run(_target, ctx) {
        if (++waiting === 3) open();
        await ctx.idle!(allWaiting);
        return { facts: {}, skipped: 'only waited' };
      },
    };
    const deps = { ...engine.deps, probes: [waiter] };
    const workloads = ['a', 'b', 'c'].map((name) => ({ name, url: server.url }));
    const { results } = await sweep(workloads, deps, 1);
    expect(results.map((r) => r.probes.health?.reason)).toEqual(['only waited', 'only waited', 'only waited']);
  });
});
