/**
 * `npm run bench:metrics`: parse a generated 100,000-series exposition with our validating
 * parser, against `parse-prometheus-text-format` (npm) in the same run, and a bare
 * line-splitting loop over the same bytes for scale. Prints series/s and the ratios.
 */
import { expositionFacts } from '../probes/metrics/analysis/exposition-facts';
import { parseExposition } from '../probes/metrics/parser/parse';
import { generateExposition } from './metrics-exposition';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const npmParse = require('parse-prometheus-text-format') as (text: string) => unknown[];

const SERIES = Number(process.env.SERIES ?? 100_000);
const RUNS = Number(process.env.RUNS ?? 7);

function best(label: string, fn: () => void): number {
  fn(); // warm-up: let the JIT see the code before timing it
  let fastest = Infinity;
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    fastest = Math.min(fastest, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const rate = SERIES / (fastest / 1000);
  console.log(`${label.padEnd(46)} ${fastest.toFixed(1).padStart(8)} ms  ${(rate / 1e6).toFixed(2).padStart(6)} M series/s`);
  return fastest;
}

const text = generateExposition(SERIES);
const bytes = Buffer.from(text);
console.log(`exposition: ${SERIES} series, ${(bytes.length / 1e6).toFixed(1)} MB; best of ${RUNS} runs after a warm-up; node ${process.version}`);

const check = parseExposition(bytes, 'text');
if (check.errorCount !== 0 || check.samples !== SERIES) throw new Error(`generated exposition did not parse cleanly: ${JSON.stringify(check.errors)}`);

let sink = 0;
const lines = best('bare line split (indexOf loop over a string)', () => {
  const s = bytes.toString('utf8');
  for (let pos = 0; pos < s.length; ) {
    const nl = s.indexOf('\n', pos);
    sink += nl - pos;
    pos = nl + 1;
  }
});
const ours = best('distroready parseExposition (validating)', () => void (sink += parseExposition(bytes, 'text').samples));
const full = best('  + lint, usefulness, cardinality (all facts)', () => void (sink += expositionFacts(parseExposition(bytes, 'text')).series));
const npm = best('parse-prometheus-text-format 1.1.1', () => void (sink += npmParse(bytes.toString('utf8')).length));

console.log('');
console.log(`ratio parse vs parse-prometheus-text-format: ${(npm / ours).toFixed(1)}x faster (goal: >= 6x)`);
console.log(`ratio all facts vs parse-prometheus-text-format: ${(npm / full).toFixed(1)}x faster`);
console.log(`parse cost over a bare line split: ${(ours / lines).toFixed(1)}x`);
if (sink === 0) console.log('(sink)');
