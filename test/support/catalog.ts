/** The words of every shipped check and probe, as the engine hands them to renderers. */
import { probes } from '../../probes';
import { loadChecks } from '../../src/checks/load-checks';
import { reportCatalog } from '../../src/checks/report-catalog';
import type { ReportCatalog } from '../../src/model';

let cached: ReportCatalog | null = null;

export function testCatalog(): ReportCatalog {
  cached ??= reportCatalog(loadChecks(), probes);
  return cached;
}
