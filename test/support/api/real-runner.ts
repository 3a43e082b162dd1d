/** A real engine and probe runner over a config naming one local workload, as the server wires them. */
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { ProbeId } from '../../../probes/types';
import { createProbeRunner, type ProbeRunner } from '../../../src/api/probe-runner';
import { loadChecks } from '../../../src/checks/load-checks';
import { parseConfig } from '../../../src/config/load-config';
import { createEngine } from '../../../src/engine/create-engine';
import type { CompactResult } from '../../../src/model';
import { silentLogger } from '../../../src/telemetry/logger';

export function realRunner(o: { workloadUrl: string; allowTargets?: string[]; only?: ProbeId[]; concurrency?: number; maxWaiting?: number; onResult?: (r: CompactResult) => void }): ProbeRunner {
  const only = o.only ?? ['health'];
  const checks = loadChecks(undefined, only);
  const yaml = `
sweep: { timeout: 5s }
api: { allowTargets: ${JSON.stringify(o.allowTargets ?? ['127.0.0.0/8'])} }
workloads:
  - name: local
    url: ${o.workloadUrl}
    health: { liveness: /livez, readiness: /readyz }
`;
  const config = parseConfig(yaml, path.join(tmpdir(), 'distroready-api-test.yaml'), {}, checks.ids);
  const engine = createEngine({ config, checks, logger: silentLogger(), only });
  return createProbeRunner({ engine, workloads: () => config.workloads, allowTargets: config.api.allowTargets, onResult: o.onResult, concurrency: o.concurrency, maxWaiting: o.maxWaiting });
}
