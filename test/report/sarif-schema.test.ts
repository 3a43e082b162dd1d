/**
 * The SARIF report validates against the SARIF 2.1.0 JSON schema (rtm.5, the schema
 * published with the standard), as shipped in the npm package @microsoft/jest-sarif,
 * compiled with ajv's draft-04 build and real format checks (uri, uri-reference, date-time).
 */
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { renderReport } from '../../src/report/render';
import { loadReport } from '../support/report';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json') as Record<string, unknown>;

// The schema's `language` pattern is not valid with the `u` flag (it predates it); compile patterns without it.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

function errorsOf(doc: unknown): string[] {
  return validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

it.each(['fleet', 'hostile'] as const)('the %s report, as SARIF, validates against the 2.1.0 schema', (fixture) => {
  const sarif = JSON.parse(renderReport(loadReport(fixture), 'sarif')) as { runs: { results: unknown[] }[] };
  expect(errorsOf(sarif)).toEqual([]);
  expect(sarif.runs[0]!.results.length).toBeGreaterThan(0);
});

it('the schema rejects a malformed log (so the check above can fail)', () => {
  const sarif = JSON.parse(renderReport(loadReport('fleet'), 'sarif')) as { version: string; runs: { results: { level: string }[] }[] };
  sarif.runs[0]!.results[0]!.level = 'fatal';
  expect(errorsOf(sarif).join('\n')).toMatch(/results\/0\/level/);
  expect(errorsOf({ ...sarif, version: '2.0.0' }).length).toBeGreaterThan(0);
});

it('puts the file and line of a located finding in a region', () => {
  const sarif = JSON.parse(renderReport(loadReport('fleet'), 'sarif')) as { runs: { results: { ruleId: string; locations?: unknown[] }[] }[] };
  const located = sarif.runs[0]!.results.find((r) => r.ruleId === 'shellExecProbe');
  expect(located?.locations).toEqual([
    {
      physicalLocation: { artifactLocation: { uri: 'deploy/legacy.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 21, startColumn: 11 } },
      logicalLocations: [{ name: 'legacy', fullyQualifiedName: 'legacy', kind: 'module' }],
    },
  ]);
});

type Result = { ruleId: string; message: { text: string }; locations: { physicalLocation?: { artifactLocation: { uri: string }; region: { startLine: number } }; logicalLocations: { fullyQualifiedName: string }[] }[] };

it('keeps every live finding, anchored at the line that defines its workload', () => {
  const report = loadReport('fleet');
  const sarif = JSON.parse(renderReport(report, 'sarif')) as { runs: { results: Result[] }[] };
  const results = sarif.runs[0]!.results;
  const failed = report.workloads.flatMap((w) => w.checks.filter((c) => c.status === 'fail').flatMap((c) => c.locations?.length ?? 1));
  expect(results).toHaveLength(failed.reduce((a, b) => a + b, 0));
  const live = results.find((r) => r.ruleId === 'logsNotStructured')!;
  expect(live.message.text).toBe('legacy: 0 of 5 lines are JSON or logfmt. (Started legacy on port 18082)');
  expect(live.locations[0]!.physicalLocation).toEqual({ artifactLocation: { uri: 'distroready.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 28, startColumn: 5 } });
  expect(live.locations[0]!.logicalLocations[0]!.fullyQualifiedName).toBe('legacy');
});

it('names a discovered workload by its last segment, and keeps an ad-hoc one by its logical location alone', () => {
  const report = loadReport('fleet');
  const legacy = report.workloads[2]!;
  const adHoc = { ...legacy, name: 'shop/deployment/legacy', definedAt: undefined };
  const sarif = JSON.parse(renderReport({ ...report, workloads: [adHoc] }, 'sarif')) as { runs: { results: Result[] }[] };
  expect(errorsOf(sarif)).toEqual([]);
  const live = sarif.runs[0]!.results.find((r) => r.ruleId === 'metricsEndpointMissing')!;
  expect(live.locations).toEqual([{ logicalLocations: [{ name: 'legacy', fullyQualifiedName: 'shop/deployment/legacy', kind: 'module' }] }]);
});
