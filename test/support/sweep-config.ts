/** One real sweep over workloads given as YAML, the way `check` runs it, for engine-level tests. */
import * as path from 'node:path';
import type { ProbeId } from '../../probes/types';
import { loadChecks } from '../../src/checks/load-checks';
import { parseConfig } from '../../src/config/load-config';
import { createEngine } from '../../src/engine/create-engine';
import type { WorkloadResult } from '../../src/model';
import { expandResult } from '../../src/report/expand-result';
import { receiverEngineOptions, startConfiguredReceiver } from '../../src/otlp/start';
import { silentLogger } from '../../src/telemetry/logger';

export interface SweepOptions {
  /** Run distroready's OTLP receiver on ephemeral loopback ports, as `check` does. */
  receiver?: boolean;
}

export async function sweepYaml(yaml: string, only?: ProbeId[], o: SweepOptions = {}): Promise<WorkloadResult[]> {
  const checks = loadChecks(undefined, only);
  const config = parseConfig(yaml, path.join(process.cwd(), 'distroready-test.yaml'), {}, checks);
  const logger = silentLogger();
  const otlp = o.receiver ? await startConfiguredReceiver({ ...config.otlp, host: '127.0.0.1', port: 0, grpcPort: 0 }, { logger }) : null;
  try {
    const engine = createEngine({ config, checks, logger, only, ...receiverEngineOptions(otlp) });
    // As the JSON report has them: each check with its message and remediation.
    return (await engine.sweep()).results.map((r) => expandResult(r, engine.catalog));
  } finally {
    await otlp?.close();
  }
}

/** The status of each check by id, for compact assertions. */
export function statuses(r: WorkloadResult): Record<string, string> {
  return Object.fromEntries(r.checks.map((c) => [c.id, c.status]));
}
