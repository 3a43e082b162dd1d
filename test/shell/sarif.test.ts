/** The SARIF renderer over the report model, for `check` as much as for `lint`. */
import Ajv from 'ajv';
import { buildReport, type CheckResult, type WorkloadResult } from '../../src/model';
import { renderSarif, toUri } from '../../src/report/sarif';
import { testCatalog } from '../support/catalog';
import { workloadResult } from '../support/results';
import { sarifShape } from '../support/sarif-shape';

const check = (over: Partial<CheckResult>): CheckResult => ({
  id: 'shellExecProbe', probe: 'shell', status: 'fail', severity: 'critical', message: 'm', evidence: [], remediation: 'r', ...over,
});

function workload(checks: CheckResult[]): WorkloadResult {
  const definedAt = { file: 'distroready.yaml', line: 7, column: 5 };
  return workloadResult({ name: 'checkout', score: 10, verdict: 'not-ready', checks, definedAt, probedAt: '2026-01-01T00:00:00.000Z', sweepId: 's' });
}

function render(checks: CheckResult[]): { runs: { tool: { driver: { rules: { id: string }[] } }; results: Record<string, unknown>[] }[] } {
  return JSON.parse(renderSarif(buildReport([workload(checks)], testCatalog(), new Date(0)), { toolVersion: '1.2.3' }));
}

describe('renderSarif', () => {
  it('is valid for a report mixing located, live and passing checks', () => {
    const sarif = render([
      check({ locations: [{ file: 'deploy/a.yaml', line: 3, column: 5 }], evidence: ['deploy/a.yaml:3: livenessProbe exec runs cat'] }),
      check({ id: 'logsNotStructured', probe: 'logs', severity: 'important', message: 'lines are not JSON' }),
      check({ id: 'healthSlow', probe: 'health', status: 'pass', severity: 'normal' }),
    ]);
    const validate = new Ajv({ strict: false }).compile(sarifShape);
    expect(validate(sarif)).toBe(true);
    const results = sarif.runs[0]!.results;
    // A live finding is anchored at the workload's config entry: code scanning rejects results without a file.
    expect(results).toHaveLength(2);
    expect(results[0]).toMatchObject({ ruleId: 'shellExecProbe', level: 'error', message: { text: 'livenessProbe exec runs cat' } });
    expect(results[1]).toMatchObject({ ruleId: 'logsNotStructured', message: { text: 'checkout: lines are not JSON' } });
    expect((results[1]!.locations as { physicalLocation: unknown }[])[0]!.physicalLocation).toEqual({ artifactLocation: { uri: 'distroready.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 7, startColumn: 5 } });
  });

  it('lists every check definition as a rule, with its remediation as help', () => {
    const rules = render([]).runs[0]!.tool.driver.rules as { id: string; help: { text: string } }[];
    expect(rules.map((r) => r.id)).toEqual(expect.arrayContaining(['shellExecProbe', 'shellSpawnedAtRuntime', 'healthLivenessMissing']));
    expect(rules.find((r) => r.id === 'shellExecProbe')!.help.text).toMatch(/httpGet/);
  });

  it.each([
    ['deploy/app.yaml', 'deploy/app.yaml'],
    ['my dir/Dockerfile', 'my%20dir/Dockerfile'],
    ['a\\b.yaml', 'a/b.yaml'],
  ])('writes %s as the URI %s', (file, uri) => {
    expect(toUri(file)).toBe(uri);
  });
});
