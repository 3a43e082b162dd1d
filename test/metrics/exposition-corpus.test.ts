/**
 * The exposition corpus: every `test/fixtures/metrics/*.prom` (text 0.0.4) and `*.om`
 * (OpenMetrics 1.0) file is parsed and judged, and the facts must match its `.yaml`
 * expectations (`valid`, `errorLines`, a subset of `facts`, chosen `samples`). For text
 * fixtures, our validity verdict must agree with `promtool check metrics` when installed.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { expositionFacts } from '../../probes/metrics/analysis/exposition-facts';
import { lintExposition } from '../../probes/metrics/analysis/lint';
import { parseExposition } from '../../probes/metrics/parser/parse';
import { requireBinary } from '../support/binaries';

const DIR = path.join(__dirname, '..', 'fixtures', 'metrics');

interface Expectation {
  valid: boolean;
  errorLines?: number[];
  facts?: Record<string, unknown>;
  samples?: ({ line: number } & Record<string, unknown>)[];
  /** Lines reported as repeating an earlier series. */
  duplicateLines?: number[];
}

const fixtures = readdirSync(DIR).filter((f) => /\.(prom|om)$/.test(f)).sort();
const load = (file: string) => ({
  body: readFileSync(path.join(DIR, file)),
  expect: parse(readFileSync(path.join(DIR, file.replace(/\.(prom|om)$/, '.yaml')), 'utf8')) as Expectation,
  format: file.endsWith('.om') ? ('openmetrics' as const) : ('text' as const),
});

describe('exposition corpus', () => {
  it('has text, OpenMetrics, valid and invalid fixtures', () => {
    expect(fixtures.filter((f) => f.endsWith('.om')).length).toBeGreaterThan(5);
    expect(fixtures.filter((f) => f.startsWith('text-')).length).toBeGreaterThan(10);
  });

  it.each(fixtures)('%s', (file) => {
    const { body, expect: want, format } = load(file);
    const parsed = parseExposition(body, format);
    const facts = expositionFacts(parsed);
    const why = parsed.errors.map((e) => `line ${e.line}: ${e.message}`).join('\n');
    expect({ valid: facts.valid, why }).toEqual({ valid: want.valid, why: want.valid ? '' : expect.any(String) });
    if (want.errorLines) expect(parsed.errors.map((e) => e.line)).toEqual(want.errorLines);
    if (want.facts) expect(facts).toMatchObject(want.facts);
    if (want.duplicateLines) {
      expect(lintExposition(parsed).filter((p) => p.rule === 'duplicate-series').map((p) => p.line)).toEqual(want.duplicateLines);
    }
    const samples = parsed.families.flatMap((f) => f.samples);
    for (const spec of want.samples ?? []) {
      expect(samples.find((s) => s.line === spec.line)).toMatchObject(spec);
    }
  });
});

const promtool = requireBinary('promtool');
const textFixtures = fixtures.filter((f) => f.endsWith('.prom'));

(promtool ? describe : describe.skip)('agrees with promtool check metrics', () => {
  it.each(textFixtures)('%s', (file) => {
    const { body, format } = load(file);
    // promtool exits 1 when the exposition does not parse, 3 for lint problems only, 0 when clean.
    const run = spawnSync(promtool!, ['check', 'metrics'], { input: body, encoding: 'utf8' });
    const promtoolValid = run.status !== 1;
    const ours = parseExposition(body, format);
    expect({ file, valid: ours.errorCount === 0, promtool: run.stderr.trim() }).toEqual({ file, valid: promtoolValid, promtool: expect.any(String) });
  });
});

/**
 * Beyond the corpus: the corpus' text fixtures mutated (a token inserted, deleted or
 * replaced, from a fixed seed so a failure reproduces) must get the same validity verdict
 * from us and from promtool. Disagreements found this way became corpus fixtures.
 */
(promtool ? describe : describe.skip)('agrees with promtool on mutated fixtures', () => {
  const TOKENS = ['{', '}', '"', '\\', ',', '=', ' ', '\t', '\n', '#', 'e', '.', '-', '+', '_', 'a', '1', 'Inf', 'NaN', ' TYPE ', ' HELP ', 'le', 'x'];
  let state = 20261129;
  const next = (n: number): number => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state % n;
  };
  const seeds = textFixtures.map((f) => readFileSync(path.join(DIR, f), 'latin1'));
  const cases = Array.from({ length: 100 }, (_, i) => {
    let text = seeds[next(seeds.length)]!;
    for (let m = 1 + next(3); m > 0; m--) {
      const at = next(text.length + 1);
      const op = next(3);
      const token = TOKENS[next(TOKENS.length)]!;
      text = op === 0 ? text.slice(0, at) + token + text.slice(at) : op === 1 ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + token + text.slice(at + 1);
    }
    return [i, text] as const;
  });

  it.each(cases)('mutant %i', (_i, text) => {
    const body = Buffer.from(text, 'latin1');
    const run = spawnSync(promtool!, ['check', 'metrics'], { input: body, encoding: 'utf8' });
    const ours = parseExposition(body, 'text');
    expect({ text, valid: ours.errorCount === 0 }).toEqual({ text, valid: run.status !== 1 });
  });
});
