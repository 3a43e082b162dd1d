/** A ProbeRunner that sends no traffic: it records what it was asked and answers a sample. */
import type { ProbeId } from '../../../probes/types';
import type { ProbeRunner } from '../../../src/api/probe-runner';
import type { WorkloadConfig } from '../../../src/targets/target';
import { testCatalog } from '../catalog';
import { sampleResult } from './app-fixture';

export class FakeRunner implements ProbeRunner {
  readonly catalog = testCatalog();
  readonly calls: { kind: 'workload' | 'target'; name: string; target?: WorkloadConfig; only?: readonly ProbeId[] }[] = [];

  async probeWorkload(name: string) {
    this.calls.push({ kind: 'workload', name });
    return sampleResult(name);
  }

  async probeTarget(target: WorkloadConfig, only?: readonly ProbeId[]) {
    this.calls.push({ kind: 'target', name: target.name, target, only });
    return sampleResult(target.name);
  }

  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return fn();
  }
}
