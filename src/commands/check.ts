/**
 * `distroready check`: one sweep, one report. Exit 0; 1 when `--min-score` is given and a
 * workload scores below it; 2 for usage and config errors. The report owns stdout (or
 * `--out`); warnings go to stderr as readable lines, under a progress line on a terminal.
 */
import { existsSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { PROBE_IDS as probeIds } from '../../probes/ids';
import type { ProbeId, ProbeServices } from '../../probes/types';
import { adHocWorkload } from '../api/ad-hoc-target';
import { loadChecks } from '../checks/load-checks';
import { loadConfig, resolveConfigPath } from '../config/load-config';
import { createEngine } from '../engine/create-engine';
import { receiverEngineOptions, startConfiguredReceiver } from '../otlp/start';
import { DistroreadyError, isDistroreadyError } from '../errors';
import { buildReport, type CompactResult } from '../model';
import { expandResult } from '../report/expand-result';
import { groupingFor } from '../report/grouping';
import { formatForFile, REPORT_FORMATS, renderReport, type ReportFormat } from '../report/render';
import { reapOrphanedLaunches } from '../targets/launch-records';
import type { WorkloadConfig } from '../targets/target';
import { createLogger } from '../telemetry/logger';
import { createProgress } from './progress-bar';
import { readableLog } from './readable-log';
import type { Logger } from 'pino';
import type { Config } from '../config/config-types';

export interface CheckArgs {
  config?: string;
  target?: string[];
  dockerfile?: string;
  manifests?: string[];
  probes?: string;
  format?: string;
  out?: string;
  minScore?: string;
  shard?: string;
}

function parseProbes(list: string | undefined): ProbeId[] | undefined {
  if (list === undefined) return undefined;
  const ids = list.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = ids.filter((id) => !probeIds.includes(id as ProbeId));
  if (unknown.length > 0 || ids.length === 0) {
    throw new DistroreadyError('USAGE', `--probes: unknown probe ${unknown.map((u) => `"${u}"`).join(', ') || '(empty)'}; choose from ${probeIds.join(', ')}`);
  }
  return ids as ProbeId[];
}

/** `--format`, else what the `--out` file's extension says, else text. */
export function reportFormat(args: Pick<CheckArgs, 'format' | 'out'>): { format: ReportFormat; warning?: string } {
  const implied = args.out ? formatForFile(args.out) : undefined;
  if (args.format === undefined) return { format: implied ?? 'text' };
  if (!(REPORT_FORMATS as readonly string[]).includes(args.format)) throw new DistroreadyError('USAGE', `--format: "${args.format}" is not one of ${REPORT_FORMATS.join(', ')}`);
  const format = args.format as ReportFormat;
  const warning = implied && implied !== format ? `distroready: warning: writing the ${format} report to ${args.out}, whose name says ${implied}` : undefined;
  return { format, warning };
}

/** A `--target` as the API takes it (`host:port` means http://host:port), with CLI wording. */
function targetWorkload(raw: string): WorkloadConfig {
  try {
    return adHocWorkload(raw, '--target');
  } catch (err) {
    if (isDistroreadyError(err)) throw new DistroreadyError('USAGE', err.message);
    throw err;
  }
}

function existing(flag: string, file: string): string {
  if (!existsSync(file)) throw new DistroreadyError('USAGE', `${flag}: no file "${file}"`);
  return path.resolve(file);
}

/**
 * The ad-hoc workloads of `--target`, completed by `--dockerfile` and `--manifests` (for
 * one target, or on their own: a workload of files only). The first file given is where
 * SARIF anchors the workload's live findings.
 */
export function adHocWorkloads(args: Pick<CheckArgs, 'target' | 'dockerfile' | 'manifests'>): WorkloadConfig[] {
  const targets = args.target ?? [];
  const manifests = args.manifests ?? [];
  const hasFiles = args.dockerfile !== undefined || manifests.length > 0;
  if (!hasFiles) return targets.map(targetWorkload);
  if (targets.length > 1) throw new DistroreadyError('USAGE', '--dockerfile and --manifests complete one --target; give a single --target, or list the workloads in a config file');
  const files = {
    ...(args.dockerfile !== undefined ? { dockerfile: existing('--dockerfile', args.dockerfile) } : {}),
    ...(manifests.length ? { manifests: manifests.map((m) => existing('--manifests', m)) } : {}),
  };
  const first = args.dockerfile ?? manifests[0]!;
  const definedAt = { file: path.relative(process.cwd(), path.resolve(first)) || first, line: 1 };
  const base = targets.length ? targetWorkload(targets[0]!) : { name: path.basename(path.dirname(path.resolve(first))) };
  return [{ ...base, ...files, definedAt }];
}

/**
 * The configured workloads of this shard, plus what the cluster's API lists when a
 * `kubernetes:` section is set (listed once, before any probe: an unreadable cluster
 * stops here with exit 2).
 */
async function configuredFleet(config: Config, logger: Logger, shardFlag: string | undefined): Promise<{ workloads: WorkloadConfig[]; services: ProbeServices }> {
  if (!config.kubernetes && shardFlag === undefined) return { workloads: config.workloads, services: {} };
  const k8s = await import('../targets/kubernetes/command-cluster');
  const { inShard } = await import('../targets/kubernetes/shard');
  const shard = k8s.resolveShard(shardFlag);
  const own = config.workloads.filter((w) => inShard(w.name, shard));
  if (!config.kubernetes) return { workloads: own, services: {} };
  const cluster = k8s.openConfiguredCluster(config, { logger, shard, watch: false });
  const found = await k8s.discoverOnce(cluster);
  for (const line of cluster.service.access?.missing ?? []) process.stderr.write(`distroready: permission missing: ${line}\n`);
  return { workloads: [...own, ...found.workloads], services: { kubernetes: cluster.service } };
}

function writeReport(file: string, text: string, format: ReportFormat): void {
  try {
    writeFileSync(file, text);
  } catch (err) {
    throw new DistroreadyError('BAD_REQUEST', `--out: cannot write the report to "${file}": ${(err as Error).message}`);
  }
  process.stderr.write(`distroready: wrote the ${format} report to ${file}\n`);
}

/** Code scanning needs a file and line for every result; say which results have none. */
function sarifWarning(results: readonly CompactResult[]): string | undefined {
  const unanchored = results.filter((w) => !w.definedAt && w.checks.some((c) => c.status === 'fail' && !c.locations?.length));
  if (unanchored.length === 0) return undefined;
  return `distroready: warning: live findings of ${unanchored.map((w) => w.name).join(', ')} have no file to point at in SARIF (an ad-hoc --target); code scanning needs one: list the workload in a config file, or give --dockerfile or --manifests`;
}

export async function checkCommand(args: CheckArgs): Promise<number> {
  const { format, warning } = reportFormat(args);
  const minScore = args.minScore === undefined ? undefined : Number(args.minScore);
  if (minScore !== undefined && (!Number.isFinite(minScore) || minScore < 0 || minScore > 100)) {
    throw new DistroreadyError('USAGE', `--min-score: "${args.minScore}" is not a number from 0 to 100`);
  }
  const only = parseProbes(args.probes);
  const adHoc = adHocWorkloads(args);
  const checks = loadChecks(undefined, only);
  const config = loadConfig(resolveConfigPath(args.config), process.env, checks);
  // Discovery comes before the progress line (it counts what discovery found): its warnings go straight to stderr, readable too.
  const early = createLogger({ level: process.env.LOG_LEVEL ?? 'warn', destination: readableLog({ line: (text) => void process.stderr.write(`${text}\n`) }) });
  const fleet = adHoc.length ? null : await configuredFleet(config, early, args.shard);
  const workloads = adHoc.length ? adHoc : fleet!.workloads;
  const progress = createProgress(workloads.length, process.stderr);
  if (warning) progress.line(warning);
  // Only warnings unless LOG_LEVEL says more, as readable lines above the progress bar.
  const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn', destination: readableLog(progress) });
  // Like serve, check runs its own receiver; a taken port (a serve running) falls back to an ephemeral one.
  const otlp = !only || only.includes('traces') ? await startConfiguredReceiver(config.otlp, { logger }, true) : null;
  const receiver = receiverEngineOptions(otlp);
  const services = { ...receiver.services, ...fleet?.services };
  const engine = createEngine({ config, checks, logger, only, onWorkloadDone: (r) => progress.tick(r), ...receiver, services });
  await reapOrphanedLaunches(engine.deps.launchRecords, logger);
  const { results } = await engine.sweep(workloads).finally(() => {
    progress.done();
    return otlp?.close();
  });
  const text = renderReport(buildReport(results.map((r) => expandResult(r, engine.catalog)), engine.catalog), format, { grouping: groupingFor(config.report.groupBy) });
  const sarif = format === 'sarif' ? sarifWarning(results) : undefined;
  if (sarif) process.stderr.write(`${sarif}\n`);
  if (args.out) writeReport(args.out, text, format);
  else process.stdout.write(text);
  if (minScore !== undefined && results.some((r) => (r.score ?? 0) < minScore)) return 1;
  return 0;
}
