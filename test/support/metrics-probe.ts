/** Runs the real metrics probe on a target and judges its facts with the real metrics checks. */
import Ajv from 'ajv';
import { metricsProbe } from '../../probes/metrics';
import type { MetricsFacts } from '../../probes/metrics/facts-schema';
import { evaluateProbeChecks } from '../../src/checks/evaluate-checks';
import { loadChecks, type ParamOverrides } from '../../src/checks/load-checks';
import { reportCatalog } from '../../src/checks/report-catalog';
import { expandCheck } from '../../src/report/expand-result';
import type { CheckResult } from '../../src/model';
import type { Target } from '../../src/targets/target';
import { defaultOptions, probeContext } from './probe-context';

const catalog = loadChecks(undefined, ['metrics']);
const validateFacts = new Ajv({ strict: false, allErrors: true }).compile(metricsProbe.facts!);

export function metricsTarget(url: string, metricsUrl?: string): Target {
  return { name: 't', baseDir: process.cwd(), url, config: { name: 't', url, ...(metricsUrl ? { metrics: { url: metricsUrl } } : {}) } };
}

export interface Probed {
  facts: MetricsFacts;
  results: CheckResult[];
  statusOf(id: string): string | undefined;
  result(id: string): CheckResult;
  failed: string[];
}

/** Probes `target` with `options` over the defaults; the facts must satisfy the probe's schema. */
export async function probeMetrics(target: Target, options: Record<string, unknown> = {}, params: ParamOverrides = {}): Promise<Probed> {
  const outcome = await metricsProbe.run(target, probeContext(defaultOptions(metricsProbe.optionsSchema, options)));
  if (!validateFacts(outcome.facts)) throw new Error(`facts do not match the schema: ${JSON.stringify(validateFacts.errors)}`);
  const withParams = catalog.withParams(params);
  // Judged outcomes carry ids and values; the words come from the catalog, as a report gets them.
  const texts = new Map(reportCatalog(withParams, [metricsProbe]).checks.map((t) => [t.id, t]));
  const probe = { status: 'pass' as const, facts: outcome.facts };
  const results = evaluateProbeChecks(withParams.byProbe('metrics'), probe).map((c) => expandCheck(c, texts.get(c.id), { ...probe, durationMs: 0 }));
  const result = (id: string): CheckResult => {
    const r = results.find((x) => x.id === id);
    if (!r) throw new Error(`no check ${id}`);
    return r;
  };
  return {
    facts: outcome.facts as MetricsFacts,
    results,
    statusOf: (id) => results.find((r) => r.id === id)?.status,
    result,
    failed: results.filter((r) => r.status === 'fail').map((r) => r.id),
  };
}
