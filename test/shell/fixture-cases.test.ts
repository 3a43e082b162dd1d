/**
 * One generic test over `test/fixtures/shell/<case>/`: every file but `expected.yaml` is
 * linted, and the findings (check, file, line) must be exactly those `expected.yaml`
 * lists. Optional keys: `facts` (a partial match on the first file's facts),
 * `patchContains` and `evidenceContains` (strings the patches or evidence must hold),
 * `findingsOneOf` (for hostile input where either outcome is acceptable).
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { lintFiles } from '../../src/lint/lint-files';

const ROOT = path.join(__dirname, '..', 'fixtures', 'shell');

interface Expected {
  findings?: { check: string; file: string; line: number }[];
  findingsOneOf?: { check: string; file: string; line: number }[][];
  facts?: Record<string, unknown>;
  patchContains?: string[];
  evidenceContains?: string[];
}

const cases = readdirSync(ROOT, { withFileTypes: true })
  // `_workloads` holds programs for the run-time tests, not a lint case.
  .filter((d) => d.isDirectory() && !d.name.startsWith('_'))
  .map((d) => d.name)
  .sort();

const key = (f: { check: string; file: string; line: number }): string => `${f.check} ${f.file}:${f.line}`;

describe.each(cases)('shell fixture %s', (name) => {
  const dir = path.join(ROOT, name);
  const expected = parse(readFileSync(path.join(dir, 'expected.yaml'), 'utf8')) as Expected;
  const files = readdirSync(dir)
    .filter((f) => f !== 'expected.yaml' && (/\.(ya?ml|json)$/.test(f) || /dockerfile/i.test(f)))
    .sort()
    .map((f) => path.relative(process.cwd(), path.join(dir, f)));

  it('reports exactly the expected findings, at the expected lines', async () => {
    const result = await lintFiles(files);
    const got = result.findings.map((f) => key({ check: f.checkId, file: path.basename(f.file), line: f.line })).sort();
    if (expected.findingsOneOf) {
      expect(expected.findingsOneOf.map((alt) => alt.map(key).sort())).toContainEqual(got);
    } else {
      expect(got).toEqual((expected.findings ?? []).map(key).sort());
    }
    // An unfilled placeholder looks like `{{name.path}}`; `{{ }}` in a message about templates is meant.
    for (const f of result.findings) expect(f.message).not.toMatch(/\{\{\s*[\w.]+\s*\}\}/);
  });

  if (expected.facts) {
    it('observes the expected facts', async () => {
      const first = (await lintFiles(files)).report.workloads[0]!;
      expect(first.probes.shell!.facts).toMatchObject(expected.facts!);
    });
  }

  if (expected.patchContains || expected.evidenceContains) {
    it('proposes the expected fix and shows the evidence', async () => {
      const result = await lintFiles(files);
      const patches = result.failed.map((f) => f.check.patch ?? '').join('\n');
      const evidence = result.failed.flatMap((f) => f.check.evidence).join('\n');
      for (const s of expected.patchContains ?? []) expect(patches).toContain(s);
      for (const s of expected.evidenceContains ?? []) expect(evidence).toContain(s);
    });
  }
});
