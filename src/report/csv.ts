/**
 * The workload list as CSV (RFC 4180: CRLF rows, fields quoted when they hold a comma,
 * quote or line break), one row per workload of the view, every page of it. Text from a
 * workload or the cluster that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`,
 * tab, CR first) is prefixed with `'`, as OWASP advises for CSV injection.
 */
import type { WorkloadSummary } from './workload-summary';
import type { ReportCatalog } from '../model';
import { probeColumns } from './report-view';

const FORMULA = /^[=+\-@\t\r]/;

function text(value: string): string {
  const safe = FORMULA.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function num(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}

export function renderCsv(rows: readonly WorkloadSummary[], groupLabel: string, catalogProbes: ReportCatalog['probes']): string {
  const probes = probeColumns(catalogProbes);
  const header = ['name', groupLabel, 'verdict', 'score', 'previous_score', 'change', 'wave', 'blockers', 'failed_checks', ...probes.map((p) => `probe_${p}`), 'needs', 'probed_at'];
  const lines = rows.map((r) =>
    [
      text(r.name),
      text(r.group ?? ''),
      text(r.verdict),
      num(r.score),
      num(r.previous?.score),
      num(r.change),
      String(r.wave),
      text(r.blockers.join(' ')),
      text(r.failed.map((c) => c.id).join(' ')),
      ...probes.map((p) => text(r.probes[p] ?? '')),
      text(r.needs.join('; ')),
      text(r.probedAt),
    ].join(','),
  );
  return `${[header.map(text).join(','), ...lines].join('\r\n')}\r\n`;
}
