/**
 * `distroready check`: one sweep, one report. Exit 0; 1 when `--min-score` is given and a
 * workload scores below it; 2 for usage and config errors.
 */
import { writeFileSync } from 'node:fs';
import { probeIds } from '../../probes';
import type { ProbeId } from '../../probes/types';
import { loadChecks } from '../checks/load-checks';
import { loadConfig, resolveConfigPath } from '../config/load-config';
import { createEngine } from '../engine/create-engine';
import { receiverEngineOptions, startConfiguredReceiver } from '../otlp/start';
import { DistroreadyError } from '../errors';
import { buildReport } from '../model';
import { expandResult } from '../report/expand-result';
import { REPORT_FORMATS, renderReport, type ReportFormat } from '../report/render';
import { reapOrphanedLaunches } from '../targets/launch-records';
import type { WorkloadConfig } from '../targets/target';
import { workloadForUrl } from '../targets/workload-for-url';
import { createLogger } from '../telemetry/logger';
import { createProgress } from './progress-bar';
import pino from 'pino';

export interface CheckArgs {
  config?: string;
  target?: string[];
  probes?: string;
  format?: string;
  out?: string;
  minScore?: string;
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

function adHocWorkload(url: string): WorkloadConfig {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DistroreadyError('USAGE', `--target: "${url}" is not a URL; give one like http://127.0.0.1:8080`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new DistroreadyError('USAGE', `--target: only http:// and https:// targets can be probed, not ${parsed.protocol}`);
  }
  return workloadForUrl(parsed);
}

function writeReport(file: string, text: string, format: ReportFormat): void {
  try {
    writeFileSync(file, text);
  } catch (err) {
    throw new DistroreadyError('BAD_REQUEST', `--out: cannot write the report to "${file}": ${(err as Error).message}`);
  }
  process.stderr.write(`distroready: wrote the ${format} report to ${file}\n`);
}

export async function checkCommand(args: CheckArgs): Promise<number> {
  const format = (args.format ?? 'text') as ReportFormat;
  if (!REPORT_FORMATS.includes(format)) throw new DistroreadyError('USAGE', `--format: "${args.format}" is not one of ${REPORT_FORMATS.join(', ')}`);
  const minScore = args.minScore === undefined ? undefined : Number(args.minScore);
  if (minScore !== undefined && (!Number.isFinite(minScore) || minScore < 0 || minScore > 100)) {
    throw new DistroreadyError('USAGE', `--min-score: "${args.minScore}" is not a number from 0 to 100`);
  }
  const only = parseProbes(args.probes);
  const checks = loadChecks(undefined, only);
  const config = loadConfig(resolveConfigPath(args.config), process.env, checks);
  const workloads = args.target?.length ? args.target.map(adHocWorkload) : config.workloads;
  // The report owns stdout; logs go to stderr, and only warnings unless LOG_LEVEL says more.
  const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn', destination: pino.destination({ fd: 2, sync: true }) });
  const progress = createProgress(workloads.length, process.stderr);
  // Like serve, check runs its own receiver; a taken port (a serve running) falls back to an ephemeral one.
  const otlp = !only || only.includes('traces') ? await startConfiguredReceiver(config.otlp, { logger }, true) : null;
  const engine = createEngine({ config, checks, logger, only, onWorkloadDone: (r) => progress.tick(r), ...receiverEngineOptions(otlp) });
  await reapOrphanedLaunches(engine.deps.launchRecords, logger);
  const { results } = await engine.sweep(workloads).finally(() => {
    progress.done();
    return otlp?.close();
  });
  const text = renderReport(buildReport(results.map((r) => expandResult(r, engine.catalog)), engine.catalog), format);
  if (args.out) writeReport(args.out, text, format);
  else process.stdout.write(text);
  if (minScore !== undefined && results.some((r) => (r.score ?? 0) < minScore)) return 1;
  return 0;
}
