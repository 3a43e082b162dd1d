/**
 * The column store behind parsed samples: what a family's `samples` shows must be what the
 * lines said, including where the parser reuses the previous line's strings (label names
 * repeated, a failed line in between) and where it keeps values in the body (escapes,
 * blanks, interleaved families).
 */
import { lintExposition } from '../../probes/metrics/analysis/lint';
import { parseExposition } from '../../probes/metrics/parser/parse';

const samplesOf = (text: string, format: 'text' | 'openmetrics' = 'text') => {
  const parsed = parseExposition(text, format);
  return { parsed, samples: parsed.families.flatMap((f) => f.samples) };
};

describe('sample store', () => {
  it('does not reuse label names left by a line that failed half-way', () => {
    const { parsed, samples } = samplesOf('m{a="1",b="2"} 1\nm{c="3",b="4" 2\nm{c="5",b="6"} 3\nm{a="7",b="8"} 4\n');
    expect(parsed.errors.map((e) => e.line)).toEqual([2]);
    expect(samples.map((s) => s.labels)).toEqual([['a', '1', 'b', '2'], ['c', '5', 'b', '6'], ['a', '7', 'b', '8']]);
  });

  it('tells label sets apart that share a prefix of names', () => {
    const { samples } = samplesOf('m{a="1",b="2",c="3"} 1\nm{a="4",b="5"} 2\nm{a="6",b="7",c="8"} 3\nm 4\nm{a="9"} 5\n');
    expect(samples.map((s) => s.labels)).toEqual([
      ['a', '1', 'b', '2', 'c', '3'], ['a', '4', 'b', '5'], ['a', '6', 'b', '7', 'c', '8'], [], ['a', '9'],
    ]);
  });

  it('unescapes values, rebuilds spaced series and keeps timestamps', () => {
    const { samples } = samplesOf('m{a="x\\"y\\\\z",b="q"} 1 1700\nm { a = "p\\nq" , } 2\n');
    expect(samples[0]).toMatchObject({ name: 'm', labels: ['a', 'x"y\\z', 'b', 'q'], series: 'm{a="x\\"y\\\\z",b="q"}', value: 1, timestamp: 1700, line: 1 });
    expect(samples[1]).toMatchObject({ labels: ['a', 'p\nq'], series: 'm{a="p\\nq"}', timestamp: null, line: 2 });
  });

  it('keeps an interleaved family in line order and finds its duplicates', () => {
    const { parsed, samples } = samplesOf('a{x="1"} 1\nb 2\na{x="2"} 3\na{x="1"} 4\n');
    expect(parsed.families.map((f) => [f.name, f.count])).toEqual([['a', 3], ['b', 1]]);
    expect(samples.filter((s) => s.name === 'a').map((s) => s.line)).toEqual([1, 3, 4]);
    expect(lintExposition(parsed).filter((p) => p.rule === 'duplicate-series').map((p) => p.line)).toEqual([4]);
  });

  it('keeps exemplars with their samples', () => {
    const om = '# TYPE h histogram\nh_bucket{le="1"} 1 # {trace_id="t1"} 0.5\nh_bucket{le="+Inf"} 2\nh_count 2\nh_sum 1\n# EOF\n';
    const { parsed, samples } = samplesOf(om, 'openmetrics');
    expect(parsed.errors).toEqual([]);
    expect(samples.map((s) => s.exemplar)).toEqual([{ labels: ['trace_id', 't1'], value: 0.5, timestamp: null }, null, null, null]);
  });
});

describe('label names reused from earlier lines', () => {
  it('are not confused by a rejected name at the same place', () => {
    const { parsed, samples } = samplesOf('m{abc="1"} 1\nm{__name__="x"} 2\nm{__n="3"} 3\nm{abc="4"} 4\n');
    expect(parsed.errors.map((e) => e.line)).toEqual([2]);
    expect(samples.map((s) => s.labels)).toEqual([['abc', '1'], ['__n', '3'], ['abc', '4']]);
  });

  it('are not confused by a rejected metric name', () => {
    const { samples } = samplesOf('abc 1\n0bc 2\nabd 3\nabc 4\n');
    expect(samples.sort((a, b) => a.line - b.line).map((s) => [s.line, s.name])).toEqual([[1, 'abc'], [3, 'abd'], [4, 'abc']]);
  });
});

describe('sample values', () => {
  const values = ['17', '0.37', '5.', '.5', '0007', '123456789012345', '1234567890123456', '0.1234567890123456789', '1e3', '-2.5', '-Infinity', 'NaN', '1.7976931348623157e308'];
  it.each(values)('%s reads as parseFloat does', (v) => {
    const { parsed, samples } = samplesOf(`m ${v}\nm{a="b"} ${v} 12\n`);
    expect(parsed.errors).toEqual([]);
    expect(samples.map((s) => s.value)).toEqual([parseFloat(v), parseFloat(v)]);
  });

  it.each(['1\t2', '0.5\t1', '1  2'])('OpenMetrics refuses %j between value and timestamp', (rest) => {
    const { parsed } = samplesOf(`# TYPE m gauge\nm ${rest}\n# EOF\n`, 'openmetrics');
    expect(parsed.errors.map((e) => e.line)).toEqual([2]);
  });

  it.each(['1.2.3', '1x', '0x1F', '1_000', '.', '1.5e'])('%j is not a value', (v) => {
    expect(samplesOf(`m ${v}\n`).parsed.errors.map((e) => e.line)).toEqual([1]);
  });
});

describe('long names', () => {
  it('are recognised when repeated, and told apart when they differ late', () => {
    const metric = `m_${'x'.repeat(150)}`;
    const label = `l_${'y'.repeat(40)}`;
    const text = `${metric}{${label}="1"} 1\n${metric}{${label}="2"} 2\n${metric}z{${label}z="3"} 3\n${metric}{${label}="4",${label}="5"} 4\n`;
    const { parsed, samples } = samplesOf(text);
    expect(parsed.errors.map((e) => e.line)).toEqual([4]);
    expect(samples.sort((a, b) => a.line - b.line).map((s) => [s.name.length, s.labels[0]!.length, s.labels[1]])).toEqual([
      [152, 42, '1'], [152, 42, '2'], [153, 43, '3'],
    ]);
  });
});
