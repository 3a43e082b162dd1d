/**
 * The JUnit report validates, with libxml2 (xmllint-wasm, offline), against an XSD of the
 * shape CI reporters read: test/fixtures/report/schemas/junit.xsd, written from the
 * de-facto format (no official JUnit schema exists) and stricter than the readers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { renderJunit } from '../../src/report/junit';
import { FIXTURES, loadReport } from '../support/report';

const schema = { fileName: 'junit.xsd', contents: readFileSync(join(FIXTURES, 'schemas', 'junit.xsd'), 'utf8') };

async function validate(xml: string): Promise<{ valid: boolean; errors: string[] }> {
  const result = await validateXML({ xml: { fileName: 'report.xml', contents: xml }, schema });
  return { valid: result.valid, errors: result.errors.map((e) => e.rawMessage) };
}

it.each(['fleet', 'hostile'] as const)('the %s report validates against the JUnit schema', async (fixture) => {
  expect(await validate(renderJunit(loadReport(fixture)))).toEqual({ valid: true, errors: [] });
});

it('the schema rejects what a reader could not use (so the check above can fail)', async () => {
  const broken = renderJunit(loadReport('fleet')).replace(/ classname="[^"]*"/, '').replace('tests="', 'tests="-');
  const result = await validate(broken);
  expect(result.valid).toBe(false);
  expect(result.errors.join('\n')).toMatch(/classname/);
});

it('one testcase per check, a failure per failed check, an error per check its probe could not judge', () => {
  const report = loadReport('fleet');
  const xml = renderJunit(report);
  const checks = report.workloads.flatMap((w) => w.checks);
  expect(xml.match(/<testcase /g)).toHaveLength(checks.length);
  expect(xml.match(/<failure /g)).toHaveLength(checks.filter((c) => c.status === 'fail').length);
  // legacy's traces probe timed out and batch-job's health probe could not connect.
  expect(xml.match(/<error /g)).toHaveLength(2);
  expect(xml).toContain('<testsuites name="distroready" tests="22" failures="5" errors="2" skipped="0">');
});
