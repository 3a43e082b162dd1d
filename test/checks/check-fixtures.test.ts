/**
 * One generic test for every check: `test/fixtures/checks/<id>.yaml` lists facts under
 * `pass:`, `fail:` and optionally `unknown:`, and each must come out that way. A check
 * without a fixture with at least one pass and one fail case fails this test.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { probes } from '../../probes';
import { evaluateCheck } from '../../src/checks/evaluate-checks';
import { templatePaths } from '../../src/checks/schema-paths';
import { loadChecks } from '../../src/checks/load-checks';
import type { CheckStatus } from '../../src/model';
import { TargetFacts } from '../../src/targets/target-facts';
import { deepPartial } from '../support/partial-schema';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'checks');
const catalog = loadChecks();
const ajv = new Ajv({ strict: false, allErrors: true });

/** Fixture facts are held to the facts schema their check judges (the target's, for a gate). */
function factsValidator(probe: string, gate: boolean | undefined): ((facts: unknown) => string | null) | null {
  const schema = gate ? TargetFacts : probes.find((p) => p.id === probe)?.facts;
  if (!schema) return null;
  const validate = ajv.compile(deepPartial(schema) as object);
  return (facts) => (validate(facts) ? null : ajv.errorsText(validate.errors));
}

describe.each(catalog.all.map((c) => [c.definition.id, c] as const))('check %s', (id, check) => {
  const file = path.join(FIXTURES, `${id}.yaml`);

  it('has pass and fail fixtures', () => {
    expect(existsSync(file)).toBe(true);
    const fx = parse(readFileSync(file, 'utf8')) as Record<string, unknown[]>;
    expect(fx.pass?.length).toBeGreaterThan(0);
    expect(fx.fail?.length).toBeGreaterThan(0);
  });

  const fixtures = existsSync(file) ? (parse(readFileSync(file, 'utf8')) as Partial<Record<CheckStatus, Record<string, unknown>[]>>) : {};
  const cases = (['pass', 'fail', 'unknown'] as const).flatMap((status) => (fixtures[status] ?? []).map((facts, i) => [status, i, facts] as const));
  if (cases.length === 0) return;

  const invalid = factsValidator(check.definition.probe, check.definition.gate);

  it.each(cases)('%s case %i', (status, _i, facts) => {
    if (invalid) expect(invalid(facts)).toBeNull();
    const result = evaluateCheck(check, facts, check.definition.severity);
    expect(result.status).toBe(status);
    // Every placeholder of the message it would show has a recorded value.
    if (status !== 'unknown') expect(Object.keys(result.values ?? {}).sort()).toEqual([...new Set(templatePaths(check.definition[status]))].sort());
  });
});
