/** Check files are validated like config: each mistake named with file, line and key. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadChecks } from '../../src/checks/load-checks';

const valid = (id: string, probe = 'health'): string =>
  `id: ${id}\nprobe: ${probe}\nseverity: low\ntitle: T\nrule: { properties: { speaksHttp: { const: true } } }\npass: p\nfail: f\nremediation: r\n`;

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
    ['a rule over a fact the probe does not declare', { 'health/a.yaml': valid('a').replace('speaksHttp', 'speaksHtp') }, /rule: "speaksHtp" is not a fact the health probe declares; see its facts schema \(probes\/health\/facts-schema\.ts\)/],
    ['a nested rule path that does not exist', { 'health/a.yaml': valid('a').replace('{ speaksHttp: { const: true } }', '{ liveness: { properties: { latency: { maximum: 1 } } } }') }, /rule: "liveness\.latency" is not a fact/],
    ['a requires path that does not exist', { 'health/a.yaml': `${valid('a')}requires: [livenes]\n` }, /requires: "livenes" is not a fact/],
    ['an evidence path that does not exist', { 'health/a.yaml': `${valid('a')}evidence: [evidence.slow]\n` }, /evidence: "evidence\.slow" is not a fact/],
    ['a message placeholder that does not exist', { 'health/a.yaml': valid('a').replace('fail: f', 'fail: "took {{latencyMs}}"') }, /fail: "latencyMs" is not a fact/],
    ['a gate over a fact the target does not have', { 'health/a.yaml': `${valid('a').replace('speaksHttp', 'up')}gate: true\n` }, /rule: "up" is not a fact the target \(gate checks judge the target\) declares/],
    ['a $param with no default', { 'health/a.yaml': valid('a').replace('{ const: true }', '{ maximum: { $param: limitMs } }') }, /rule: \{ \$param: limitMs \} names no entry of params:/],
  ])('rejects %s', (_name, files, message) => {
    expect(errorOf(files)).toMatch(message);
  });

  it('compiles a rule with its parameters, and a config override recompiles it', () => {
    const slow = `id: s\nprobe: health\nseverity: low\ntitle: T\nparams: { maxMs: 1000 }\nrule: { properties: { slowestMs: { maximum: { $param: maxMs } } } }\npass: "under {{params.maxMs}}"\nfail: f\nremediation: r\n`;
    const catalog = loadChecks(checksDir({ 'health/s.yaml': slow }));
    expect(catalog.get('s')!.test({ slowestMs: 1500 })).toBe(false);
    const relaxed = catalog.withParams({ s: { params: { maxMs: 2000 } } }).get('s')!;
    expect(relaxed.test({ slowestMs: 1500 })).toBe(true);
    expect(relaxed.params).toEqual({ maxMs: 2000 });
    expect(catalog.params('s')).toEqual({ maxMs: 1000 });
  });

  it('parses only the selected probes, yet knows every id', () => {
    const dir = checksDir({ 'health/a.yaml': valid('a'), 'metrics/b.yaml': 'not: [valid yaml' });
    const catalog = loadChecks(dir, ['health']);
    expect(catalog.all.map((c) => c.definition.id)).toEqual(['a']);
    expect(catalog.ids.sort()).toEqual(['a', 'b']);
  });
});
