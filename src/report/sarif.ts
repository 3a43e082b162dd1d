/**
 * SARIF 2.1.0 for code scanning (GitHub, GitLab, IDEs): one rule per check definition,
 * one result per failed check and location, with the line region the check points at —
 * the file line of a static finding, the workload's config entry for a live one — and the
 * workload as a logical location. Renders the report model and computes nothing.
 */
import type { CheckResult, CheckText, Report, Severity, SourceLocation, WorkloadResult } from '../model';
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

/** The workload as a logical location: code scanning shows it beside the file and line. */
function logical(w: WorkloadResult): Record<string, unknown>[] {
  const short = w.name.slice(w.name.lastIndexOf('/') + 1);
  return [{ name: short, fullyQualifiedName: w.name, kind: 'module' }];
}

/**
 * One result per location of a file finding (a Dockerfile line, a manifest line); a live
 * finding — what the running workload did — is anchored at the line that defines the
 * workload (its config entry), since code scanning needs a file and line for every result.
 * An ad-hoc target defined nowhere keeps its logical location only.
 */
function resultsFor(w: WorkloadResult, check: CheckResult, ruleIndex: number): Record<string, unknown>[] {
  const base = {
    ruleId: check.id,
    ruleIndex,
    level: LEVEL[check.severity],
    properties: { workload: w.name, severity: check.severity, probe: check.probe },
  };
  const locations = check.locations ?? [];
  if (locations.length === 0) {
    const text = `${w.name}: ${check.message}${check.evidence[0] ? ` (${check.evidence[0]})` : ''}`;
    const where = w.definedAt ? [{ ...physical(w.definedAt), logicalLocations: logical(w) }] : [{ logicalLocations: logical(w) }];
    return [{ ...base, message: { text }, locations: where }];
  }
  return locations.map((loc, i) => ({ ...base, message: { text: textFor(check, i, loc) }, locations: [{ ...physical(loc), logicalLocations: logical(w) }], ...fixesFor(loc) }));
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
      results.push(...resultsFor(w, c, index.get(c.id)!));
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
