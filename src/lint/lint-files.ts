/**
 * `distroready lint`: the shell probe's static analysis over files named on the command
 * line, judged by the same check definitions (`config/checks/shell/`). Each file becomes
 * one entry of the report model, so every renderer (text, JSON, SARIF) reads the same.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { shellProbe } from '../../probes/shell';
import { analyzeStaticSync } from '../../probes/shell/analyze-files';
import type { ShellStaticFacts } from '../../probes/shell/facts-schema';
import { loadShellParser } from '../../probes/shell/script/shell-parser';
import type { CheckCatalog } from '../checks/load-checks';
import { loadChecks } from '../checks/load-checks';
import { judge } from '../engine/judge';
import { DistroreadyError } from '../errors';
import { buildReport, type CheckResult, type Report, type Severity, type WorkloadResult } from '../model';
import { reportCatalog } from '../checks/report-catalog';
import { expandResult } from '../report/expand-result';
import { DEFAULT_SCORING } from '../scoring';

export type FileKind = 'dockerfile' | 'manifest';

/** One finding at one place: what `lint` prints a line for. */
export interface LintFinding {
  checkId: string;
  severity: Severity;
  file: string;
  line: number;
  column?: number;
  message: string;
}

export interface LintResult {
  report: Report;
  findings: LintFinding[];
  /** The failed checks per file, for remediations and patches. */
  failed: { file: string; check: CheckResult }[];
  /** Each file's facts, in the order of `report.workloads`. */
  facts: ShellStaticFacts[];
}

/**
 * Dockerfiles by name (`Dockerfile`, `api.Dockerfile`, `Containerfile.prod`,
 * `Dockerfile-alpine.template`), everything else as YAML: Kubernetes manifests or Compose
 * files, told apart by content.
 */
export function kindOf(file: string): FileKind {
  const name = path.basename(file);
  return /^(dockerfile|containerfile)([.-]|$)|\.(dockerfile|containerfile)$/i.test(name) ? 'dockerfile' : 'manifest';
}

const ORDER: Record<Severity, number> = { critical: 0, important: 1, normal: 2, low: 3 };

function findingsOf(file: string, check: CheckResult): LintFinding[] {
  const locations = check.locations ?? [];
  if (locations.length === 0) return [{ checkId: check.id, severity: check.severity, file, line: 1, message: check.message }];
  return locations.map((loc, i) => {
    const prefix = `${loc.file}:${loc.line}: `;
    const evidence = check.evidence[i];
    const message = evidence?.startsWith(prefix) ? evidence.slice(prefix.length) : check.message;
    return { checkId: check.id, severity: check.severity, file: loc.file, line: loc.line, ...(loc.column ? { column: loc.column } : {}), message };
  });
}

function lintOne(file: string, catalog: CheckCatalog, words: Report['catalog']): { workload: WorkloadResult; facts: ShellStaticFacts } {
  const started = performance.now();
  const abs = path.resolve(file);
  const { facts, suppressions } = analyzeStaticSync(kindOf(file) === 'dockerfile' ? { dockerfile: abs, display: () => file } : { manifests: [abs], display: () => file });
  const shell = { status: 'pass' as const, facts: { ...facts, spawned: null }, durationMs: Math.round(performance.now() - started), suppressions };
  // The same judge as check and serve: a file is a workload with only its files to read.
  const judged = judge(
    { name: file, sweepId: 'lint', reach: { status: 'not-live', detail: 'a file, read by lint', evidence: [] }, launched: false, probes: { shell } },
    { probes: [shellProbe], checks: catalog, overrides: {}, scoring: DEFAULT_SCORING },
  );
  // Checks that do not apply to this kind of file (manifest checks on a Dockerfile) are left out.
  return { workload: expandResult({ ...judged, checks: judged.checks.filter((c) => c.status !== 'unknown') }, words), facts };
}

const MAX_FILES = 1000;
const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'vendor']);

/** A directory stands for the Dockerfiles and YAML/JSON files under it, in a stable order. */
function expand(arg: string, out: string[]): void {
  if (!existsSync(arg)) throw new DistroreadyError('USAGE', `lint: ${arg}: no such file`);
  if (!statSync(arg).isDirectory()) {
    out.push(arg);
    return;
  }
  for (const entry of readdirSync(arg, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (out.length >= MAX_FILES) return;
    const child = path.join(arg, entry.name);
    if (entry.isDirectory() && !SKIP_DIRS.has(entry.name)) expand(child, out);
    else if (entry.isFile() && (kindOf(child) === 'dockerfile' || /\.(ya?ml|json)$/i.test(entry.name))) out.push(child);
  }
}

export async function lintFiles(args: readonly string[], catalog: CheckCatalog = loadChecks(undefined, ['shell'])): Promise<LintResult> {
  if (args.length === 0) throw new DistroreadyError('USAGE', 'lint: name at least one Dockerfile, Kubernetes manifest or directory');
  const expanded: string[] = [];
  for (const a of args) expand(a, expanded);
  // The same file named twice (or inside a named directory) is linted once.
  const files = [...new Set(expanded)].slice(0, MAX_FILES);
  await loadShellParser();
  const words = reportCatalog(catalog, [shellProbe]);
  const linted = files.map((f) => lintOne(f, catalog, words));
  const workloads = linted.map((l) => l.workload);
  const failed = workloads.flatMap((w) => w.checks.filter((c) => c.status === 'fail').map((check) => ({ file: w.name, check })));
  const findings = failed
    .flatMap(({ file, check }) => findingsOf(file, check))
    // Files in the order given, then by line, so output follows the files as the user reads them.
    .sort((a, b) => files.indexOf(a.file) - files.indexOf(b.file) || a.line - b.line || ORDER[a.severity] - ORDER[b.severity]);
  return { report: buildReport(workloads, words), findings, failed, facts: linted.map((l) => l.facts) };
}

/** 1 when any finding is critical (a blocker), else 0. */
export function exitCodeFor(result: LintResult): number {
  return result.findings.some((f) => f.severity === 'critical') ? 1 : 0;
}
