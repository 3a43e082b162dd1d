/**
 * The parser's building blocks and bounds: the value grammar (Go's ParseFloat in decimal,
 * never JS `Number()`), timestamps, the error cap, line and sample limits, and hostile
 * bytes that must come back as errors, never as an exception.
 */
import { randomBytes } from 'node:crypto';
import { expositionFacts } from '../../probes/metrics/analysis/exposition-facts';
import { lintExposition } from '../../probes/metrics/analysis/lint';
import { parseExposition } from '../../probes/metrics/parser/parse';
import { parseFloatToken, parseIntToken } from '../../probes/metrics/parser/scan';
import { canonicalSeries } from '../../probes/metrics/parser/series-key';

const float = (s: string): number | null => parseFloatToken(s, 0, s.length);

describe('parseFloatToken', () => {
  it.each([
    ['0', 0], ['-0', -0], ['42', 42], ['+42', 42], ['1.5', 1.5], ['.5', 0.5], ['5.', 5], ['1e3', 1000], ['1.5E-3', 0.0015],
    ['-2.5e+2', -250], ['123456789012345678', 123456789012345678], ['+Inf', Infinity], ['-inf', -Infinity], ['Infinity', Infinity],
    ['INF', Infinity], ['NaN', NaN], ['nan', NaN],
  ])('%s is %d', (text, value) => {
    expect(float(text)).toBe(value);
  });

  it.each(['', '+', '-', '.', 'e3', '1e', '1e+', '1e9999', '-1e400', '0x1F', '0x1p-3', '1_000', '0b1', '0o7', 'true', '+NaN', '-nan', 'infin', 'Inf1', '1.2.3', '1 ', ' 1', '١'])(
    '%j is not a float',
    (text) => {
      expect(float(text)).toBeNull();
    },
  );
});

describe('parseIntToken', () => {
  it.each([
    ['1395066363000', 1395066363000], ['-1', -1], ['+7', 7], ['9223372036854775807', 9223372036854775807],
    ['-9223372036854775808', -9223372036854775808], ['0009223372036854775807', 9223372036854775807],
  ])('%s is %d', (text, value) => {
    expect(parseIntToken(text, 0, text.length)).toBe(value);
  });
  it.each(['', '-', '2.5', '1e3', '0x10', '9223372036854775808', '-9223372036854775809', '99999999999999999999'])('%j is not an integer', (text) => {
    expect(parseIntToken(text, 0, text.length)).toBeNull();
  });
});

describe('canonicalSeries', () => {
  it('sorts labels and escapes values as on the wire', () => {
    expect(canonicalSeries('m', ['b', 'x"y', 'a', 'back\\slash\nline'])).toBe('m{a="back\\\\slash\\nline",b="x\\"y"}');
    expect(canonicalSeries('m', ['b', '1', 'a', '2'], false)).toBe('m{b="1",a="2"}');
    expect(canonicalSeries('m', [])).toBe('m');
  });
});

describe('parser bounds', () => {
  it('keeps the first maxErrors errors and counts the rest', () => {
    const body = Array.from({ length: 100 }, () => 'bad 0x1\n').join('');
    const parsed = parseExposition(body, 'text', { maxErrors: 5 });
    expect(parsed.errors.map((e) => e.line)).toEqual([1, 2, 3, 4, 5]);
    expect(parsed.errorCount).toBe(100);
  });

  it('skips a line longer than maxLineLength without parsing it, and goes on: a limit of ours, not an error', () => {
    const body = `long{v="${'x'.repeat(5000)}"} 1\nshort 1\n`;
    const parsed = parseExposition(body, 'text', { maxLineLength: 1000 });
    expect(parsed.errors).toEqual([]);
    expect(parsed.skippedLines).toBe(1);
    expect(parsed.limitBreached).toEqual({ limit: 'maxLineLength', line: 1 });
    expect(parsed.samples).toBe(1);
    expect(expositionFacts(parsed)).toMatchObject({ valid: null, truncatedBy: 'maxLineBytes' });
  });

  it('stops at the sample beyond maxSamples, and an exposition of exactly maxSamples is whole', () => {
    const body = Array.from({ length: 100 }, (_, i) => `s{i="${i}"} 1\n`).join('');
    const parsed = parseExposition(body, 'text', { maxSamples: 10 });
    expect(parsed.samples).toBe(10);
    expect(parsed.limitBreached).toEqual({ limit: 'maxSamples', line: 11 });
    expect(parsed.errors).toEqual([]);
    const exact = parseExposition(body, 'text', { maxSamples: 100 });
    expect({ samples: exact.samples, limit: exact.limitBreached }).toEqual({ samples: 100, limit: null });
  });

  it('names the lines that hold invalid UTF-8', () => {
    const body = Buffer.concat([Buffer.from('ok 1\nbad{v="'), Buffer.from([0xc3, 0x28]), Buffer.from('"} 1\nok2 1\n')]);
    expect(parseExposition(body, 'text').errors).toEqual([{ line: 2, message: 'invalid UTF-8' }]);
  });

  it('keeps facts small when names and tokens are huge: workload text is clipped', () => {
    const huge = 'n'.repeat(60_000);
    const body = [
      `# TYPE ${huge}_seconds histogram`, `${huge}_seconds_bucket{le="1"} 2`, `${huge}_seconds_bucket{le="+Inf"} 1`,
      `${huge}_requests_total{${huge}="x"} 1`, `${huge} 0x${huge}`, `${huge} 1 ${huge}`,
    ].join('\n') + '\n';
    const facts = expositionFacts(parseExposition(body, 'text', { maxLineLength: 200_000 }));
    expect(facts.valid).toBe(false);
    expect(JSON.stringify(facts).length).toBeLessThan(10_000);
  });

  it.each(['text', 'openmetrics'] as const)('turns random bytes into errors, never an exception (%s)', (format) => {
    for (let i = 0; i < 200; i++) {
      const parsed = parseExposition(randomBytes(2048), format, { maxErrors: 3 });
      expect(parsed.errors.length).toBeLessThanOrEqual(3);
      expect(parsed.errorCount).toBeGreaterThanOrEqual(parsed.errors.length);
    }
  });
});

describe('duplicate series', () => {
  /** Random families whose lines repeat series with labels reordered and spaced out. */
  function randomExposition(seed: number): string {
    let state = seed;
    const next = (n: number): number => {
      state = (state * 1103515245 + 12345) & 0x7fffffff;
      return state % n;
    };
    let text = '';
    for (let f = 0; f < 5; f++) {
      const names = ['zone', 'app', 'k', 'path'].slice(0, 1 + next(4));
      const mixed = next(2) === 0;
      text += `# HELP fam_${f} F.\n# TYPE fam_${f} gauge\n`;
      for (let i = 0; i < 20; i++) {
        const order = mixed ? [...names].sort(() => next(3) - 1) : names;
        const spaced = next(4) === 0;
        const pairs = order.map((n) => `${spaced ? ' ' : ''}${n}${spaced ? ' = ' : '='}"${n === 'path' ? 'a\\"b' : 'v'}${next(3)}"`);
        text += `fam_${f}{${pairs.join(',')}${spaced ? ' , ' : ''}} 1\n`;
      }
    }
    return text;
  }

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('counts every repeat of a series however it is spelled (seed %i)', (seed) => {
    const parsed = parseExposition(randomExposition(seed), 'text');
    expect(parsed.errors).toEqual([]);
    const samples = parsed.families.flatMap((f) => f.samples);
    const distinct = new Set(samples.map((s) => canonicalSeries(s.name, s.labels))).size;
    expect(lintExposition(parsed).filter((p) => p.rule === 'duplicate-series')).toHaveLength(samples.length - distinct);
  });
});
