/**
 * SARIF 2.1.0 for code scanning (GitHub, GitLab, IDEs): one rule per check definition,
 * one result per failed check and location, with the line region the check points at.
 * Renders the report model and computes nothing.
 */
import type { CheckResult, CheckText, Report, Severity, SourceLocation } from '../model';
import { packageVersion } from '../paths';

type Level = 'error' | 'warning' | 'note';

/** Critical findings break the build; quality findings are shown, not enforced. */
const LEVEL: Record<Severity, Level> = { critical: 'error', important: 'warning', normal: 'warning', low: 'note' };

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export interface SarifOptions {
  /** Rule metadata; default: every check of the report's catalog. */
  definitions?: readonly Pick<CheckText, 'id' | 'probe' | 'severity' | 'title' | 'pass' | 'remediation'>[];
  toolVersion?: string;
}

/** A relative path as a URI reference: forward slashes, each segment percent-encoded. */
export function toUri(file: string): string {
  return file.split(/[\\/]/).map(encodeURIComponent).join('/');
}

function physical(loc: SourceLocation): Record<string, unknown> {
  const region: Record<string, number> = { startLine: Math.max(1, loc.line) };
  if (loc.column) region.startColumn = loc.column;
  const absolute = loc.file.startsWith('/');
  return {
    physicalLocation: {
      artifactLocation: absolute ? { uri: `file://${toUri(loc.file)}` } : { uri: toUri(loc.file), uriBaseId: '%SRCROOT%' },
      region,
    },
  };
}

/** `file:line: text` evidence belongs to the location at the same index; keep only the text. */
function textFor(check: CheckResult, i: number, loc: SourceLocation | null): string {
  const evidence = check.evidence[i];
  if (loc && evidence?.startsWith(`${loc.file}:${loc.line}: `)) return evidence.slice(`${loc.file}:${loc.line}: `.length);
  return check.message;
}

function resultsFor(workload: string, check: CheckResult, ruleIndex: number): Record<string, unknown>[] {
  const base = { ruleId: check.id, ruleIndex, level: LEVEL[check.severity], properties: { workload, severity: check.severity, probe: check.probe } };
  const locations = check.locations ?? [];
  // SARIF is for findings in files (code scanning rejects results without a location); live
  // findings — what a running workload did — are in the other formats.
  if (locations.length === 0) return [];
  return locations.map((loc, i) => ({ ...base, message: { text: textFor(check, i, loc) }, locations: [physical(loc)], ...fixesFor(loc) }));
}

/**
 * A textual fix as SARIF `fixes`, so code scanning can offer it: the whole lines of the
 * finding (no columns: from the first column to the end of `endLine`) become the new text.
 */
function fixesFor(loc: SourceLocation): { fixes?: unknown[] } {
  if (!loc.fix) return {};
  const { artifactLocation } = (physical(loc) as { physicalLocation: { artifactLocation: unknown } }).physicalLocation;
  const replacement = { deletedRegion: { startLine: Math.max(1, loc.line), endLine: Math.max(loc.line, loc.fix.endLine) }, insertedContent: { text: loc.fix.text } };
  return { fixes: [{ description: { text: `Replace with: ${loc.fix.text.split('\n')[0]}` }, artifactChanges: [{ artifactLocation, replacements: [replacement] }] }] };
}

export function renderSarif(report: Report, options: SarifOptions = {}): string {
  const definitions = options.definitions ?? report.catalog.checks;
  const rules = definitions.map((d) => ({
    id: d.id,
    shortDescription: { text: d.title },
    fullDescription: { text: d.pass },
    help: { text: d.remediation },
    defaultConfiguration: { level: LEVEL[d.severity] },
    properties: { severity: d.severity, probe: d.probe, tags: ['distroless', d.probe] },
  }));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results: Record<string, unknown>[] = [];
  for (const w of report.workloads) {
    for (const c of w.checks) {
      if (c.status !== 'fail') continue;
      if (!index.has(c.id)) {
        index.set(c.id, rules.length);
        rules.push({ id: c.id, shortDescription: { text: c.id }, fullDescription: { text: c.message }, help: { text: c.remediation }, defaultConfiguration: { level: LEVEL[c.severity] }, properties: { severity: c.severity, probe: c.probe, tags: ['distroless', c.probe] } });
      }
      results.push(...resultsFor(w.name, c, index.get(c.id)!));
    }
  }
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'distroready', version: options.toolVersion ?? packageVersion(), rules } },
        invocations: [{ executionSuccessful: true, endTimeUtc: report.generatedAt }],
        results,
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
