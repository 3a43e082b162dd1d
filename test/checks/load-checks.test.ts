/** Check files are validated like config: each mistake named with file, line and key. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadChecks } from '../../src/checks/load-checks';

const valid = (id: string, probe = 'health'): string =>
  `id: ${id}\nprobe: ${probe}\nseverity: low\ntitle: T\nrule: { properties: { ok: { const: true } } }\npass: p\nfail: f\nremediation: r\n`;

function checksDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'checks-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

function errorOf(files: Record<string, string>): string {
  try {
    loadChecks(checksDir(files));
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('accepted');
}

describe('loadChecks', () => {
  it.each([
    ['an id that differs from the file name', { 'health/a.yaml': valid('b') }, /a\.yaml:1:5: id: the id must match the file name: rename the file to b\.yaml or the id to a/],
    ['a check in another probe\'s folder', { 'metrics/a.yaml': valid('a') }, /a\.yaml:2:8: probe: a health check belongs in .*health\/, not metrics\//],
    ['an unknown probe', { 'vibes/a.yaml': valid('a', 'vibes') }, /probe: unknown probe "vibes"/],
    ['an unknown key', { 'health/a.yaml': `${valid('a')}severty: low\n` }, /a\.yaml:9:1: severty: unknown key "severty"; remove it or fix its spelling: did you mean "severity"\?/],
    ['a missing remediation', { 'health/a.yaml': valid('a').replace('remediation: r\n', '') }, /remediation: "remediation" is required here/],
    ['a duplicate id', { 'health/a.yaml': valid('a'), 'health/sub/a.yaml': valid('a') }, /duplicate check id "a"/],
  ])('rejects %s', (_name, files, message) => {
    expect(errorOf(files)).toMatch(message);
  });

  it('parses only the selected probes, yet knows every id', () => {
    const dir = checksDir({ 'health/a.yaml': valid('a'), 'metrics/b.yaml': 'not: [valid yaml' });
    const catalog = loadChecks(dir, ['health']);
    expect(catalog.all.map((c) => c.definition.id)).toEqual(['a']);
    expect(catalog.ids.sort()).toEqual(['a', 'b']);
  });
});
