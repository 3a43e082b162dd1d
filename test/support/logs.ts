/**
 * Running the logs probe the way the engine does, on real processes: launch a fixture
 * script, hand the probe a target and a context, judge its facts with the real checks.
 */
import * as path from 'node:path';
import Ajv from 'ajv';
import pino from 'pino';
import { logsProbe } from '../../probes/logs';
import { peerFactsFrom } from '../../probes/peer-facts';
import type { Facts, ProbeId, ProbeOutcome } from '../../probes/types';
import { evaluateCheck } from '../../src/checks/evaluate-checks';
import { loadChecks } from '../../src/checks/load-checks';
import type { CheckOutcome } from '../../src/model';
import { createHttpClient } from '../../src/net/http-client';
import { launchProcess, type Launched } from '../../src/targets/launch-process';
import type { Target, WorkloadConfig } from '../../src/targets/target';
import { eventually } from './eventually';

export const FIXTURES = path.join(__dirname, '..', 'fixtures', 'logs');
export const node = process.execPath;

const checks = loadChecks(undefined, ['logs']).byProbe('logs');

/** The probe's options with their defaults, as the config loader would fill them. */
export function logsOptions(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const opts: Record<string, unknown> = {};
  new Ajv({ useDefaults: true }).compile(logsProbe.optionsSchema)(opts);
  return { ...opts, windowMs: 200, sendTraffic: false, ...overrides };
}

export interface Probed {
  outcome: ProbeOutcome;
  facts: Facts;
  checks: Record<string, CheckOutcome>;
}

export async function probe(target: Target, options: Record<string, unknown> = {}, peerFacts = new Map<ProbeId, Facts>()): Promise<Probed> {
  const outcome = await logsProbe.run(target, {
    signal: AbortSignal.timeout(20_000),
    logger: pino({ level: 'silent' }),
    http: createHttpClient(),
    options: logsOptions(options),
    peerFacts: peerFactsFrom(peerFacts),
    services: {},
  });
  const results = checks.map((c) => evaluateCheck(c, outcome.facts, c.definition.severity));
  return { outcome, facts: outcome.facts, checks: Object.fromEntries(results.map((r) => [r.id, r])) };
}

/** The status of every logs check, by id. */
export function statuses(p: Probed): Record<string, string> {
  return Object.fromEntries(Object.entries(p.checks).map(([id, r]) => [id, r.status]));
}

const launched: Launched[] = [];

/**
 * Launches a fixture script as a `run` workload (stopped by `stopAll`), and returns once it
 * is up: it printed its first line, or `ready()` says so (a fixture that writes only to a
 * file). A loaded machine takes longer than a probe's short window to start node.
 */
export async function launchFixture(script: string, args: string[] = [], extra: Partial<WorkloadConfig> = {}, ready?: () => boolean): Promise<Target> {
  const run = { command: [node, path.join(FIXTURES, script), ...args] };
  const l = await launchProcess({ name: script, run, baseDir: FIXTURES });
  launched.push(l);
  const up = ready ?? (() => l.process!.output.snapshot().length > 0);
  await eventually(`${script} starting`, 15_000, async () => (up() || !l.process!.alive() ? true : undefined), undefined, 20);
  return { name: script, baseDir: FIXTURES, config: { name: script, run, ...extra }, process: l.process! };
}

export async function stopAll(): Promise<void> {
  await Promise.all(launched.splice(0).map((l) => l.stop(500)));
}
