/** One real sweep over workloads given as YAML, the way `check` runs it, for engine-level tests. */
import * as path from 'node:path';
import type { ProbeId } from '../../probes/types';
import { loadChecks } from '../../src/checks/load-checks';
import { parseConfig } from '../../src/config/load-config';
import { createEngine } from '../../src/engine/create-engine';
import type { WorkloadResult } from '../../src/model';
import { silentLogger } from '../../src/telemetry/logger';

export async function sweepYaml(yaml: string, only?: ProbeId[]): Promise<WorkloadResult[]> {
  const checks = loadChecks(undefined, only);
  const config = parseConfig(yaml, path.join(process.cwd(), 'distroready-test.yaml'), {}, checks);
  const engine = createEngine({ config, checks, logger: silentLogger(), only });
  return (await engine.sweep()).results;
}

/** The status of each check by id, for compact assertions. */
export function statuses(r: WorkloadResult): Record<string, string> {
  return Object.fromEntries(r.checks.map((c) => [c.id, c.status]));
}

