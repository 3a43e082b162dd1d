import type { Engine } from '../../src/engine/create-engine';
import type { EngineDeps } from '../../src/engine/probe-workload';
import type { SweepResult } from '../../src/engine/sweep';
import { createProbeRunner } from '../../src/api/probe-runner';
import type { WorkloadConfig } from '../../src/targets/target';
import { testCatalog } from '../support/catalog';
import { sampleResult } from '../support/api/app-fixture';

/** An engine whose sweeps finish only when the test says so. */
class GatedEngine implements Engine {
  deps = { probes: [] } as unknown as EngineDeps;
  catalog = testCatalog();
  readonly started: string[] = [];
  private readonly gates: (() => void)[] = [];

  sweep(workloads: readonly WorkloadConfig[] = []): Promise<SweepResult> {
    this.started.push(workloads.map((w) => w.name).join(',') || 'all');
    return new Promise((resolve) => {
      this.gates.push(() => {
        const now = new Date();
        resolve({ sweepId: `s${this.started.length}`, startedAt: now, finishedAt: now, results: workloads.map((w) => sampleResult(w.name)) });
      });
    });
  }

  finishNext(): void {
    this.gates.shift()?.();
  }
}

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('createProbeRunner', () => {
  const workloads: WorkloadConfig[] = [{ name: 'checkout', url: 'http://127.0.0.1:1' }];

  it('shares one run between concurrent requests for the same workload, and hands the result on once', async () => {
    const engine = new GatedEngine();
    const results: string[] = [];
    const runner = createProbeRunner({ engine, workloads: () => workloads, allowTargets: [], onResult: (r) => results.push(r.name) });
    const a = runner.probeWorkload('checkout');
    const b = runner.probeWorkload('checkout');
    await flush();
    engine.finishNext();
    expect(await a).toBe(await b);
    expect(engine.started).toEqual(['checkout']);
    expect(results).toEqual(['checkout']);
  });

  it('runs an on-demand probe only after the running sweep, so a run workload never starts twice', async () => {
    const engine = new GatedEngine();
    const runner = createProbeRunner({ engine, workloads: () => workloads, allowTargets: [] });
    const sweep = runner.exclusive(() => engine.sweep());
    const onDemand = runner.probeWorkload('checkout');
    await flush();
    expect(engine.started).toEqual(['all']);
    engine.finishNext();
    await sweep;
    await flush();
    expect(engine.started).toEqual(['all', 'checkout']);
    engine.finishNext();
    await onDemand;
  });

  it('probes a cluster workload in the ad-hoc queue while a sweep runs (it is never launched), and turns one away past its budget', async () => {
    const engine = new GatedEngine();
    engine.deps = { probes: [], timeoutMs: 10_000 } as unknown as EngineDeps;
    const kube = { namespace: 'shop', kind: 'Deployment', objectName: 'cart' };
    const fleet: WorkloadConfig[] = [...workloads, { name: 'shop/deployment/cart', url: 'http://127.0.0.1:1', kubernetes: kube }, { name: 'shop/deployment/cart2', kubernetes: kube }];
    const runner = createProbeRunner({ engine, workloads: () => fleet, allowTargets: [], concurrency: 1, maxWaiting: 0 });
    const sweep = runner.exclusive(() => engine.sweep());
    const cart = runner.probeWorkload('shop/deployment/cart', undefined, 5_000);
    await flush();
    expect([...engine.started].sort()).toEqual(['all', 'shop/deployment/cart']);
    // The one turn is taken and no one may wait: a second cluster workload is refused at once.
    await expect(runner.probeWorkload('shop/deployment/cart2', undefined, 5_000)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    engine.finishNext();
    engine.finishNext();
    await sweep;
    expect((await cart).name).toBe('shop/deployment/cart');
  });

  it('keeps taking turns after a run fails', async () => {
    const engine = new GatedEngine();
    const runner = createProbeRunner({ engine, workloads: () => workloads, allowTargets: [] });
    await expect(runner.exclusive(() => Promise.reject(new Error('sweep broke')))).rejects.toThrow('sweep broke');
    await expect(runner.exclusive(async () => 'next')).resolves.toBe('next');
  });

  it('refuses a workload the config does not name', () => {
    const runner = createProbeRunner({ engine: new GatedEngine(), workloads: () => workloads, allowTargets: [] });
    expect(() => runner.probeWorkload('elsewhere')).toThrow('no workload named "elsewhere"');
  });
});
