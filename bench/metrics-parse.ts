/**
 * `npm run bench:metrics`: parse a generated 100,000-series exposition with our validating
 * parser, against `parse-prometheus-text-format` (npm) in the same run, and a bare
 * line-splitting loop over the same bytes for scale. Prints series/s and the ratios, by
 * wall time and by CPU time (user + system of this process): on a shared machine the CPU
 * figures move less, since time spent waiting for a core is not counted.
 */
import { expositionFacts } from '../probes/metrics/analysis/exposition-facts';
import { parseExposition } from '../probes/metrics/parser/parse';
import { generateExposition } from './metrics-exposition';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const npmParse = require('parse-prometheus-text-format') as (text: string) => unknown[];

const SERIES = Number(process.env.SERIES ?? 100_000);
const RUNS = Number(process.env.RUNS ?? 7);

interface Best {
  wall: number;
  cpu: number;
}

function best(label: string, fn: () => void): Best {
  fn(); // warm-up: let the JIT see the code before timing it
  const out = { wall: Infinity, cpu: Infinity };
  for (let i = 0; i < RUNS; i++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    fn();
    out.wall = Math.min(out.wall, Number(process.hrtime.bigint() - t0) / 1e6);
    const c = process.cpuUsage(c0);
    out.cpu = Math.min(out.cpu, (c.user + c.system) / 1000);
  }
  const rate = SERIES / (out.wall / 1000);
  console.log(`${label.padEnd(46)} ${out.wall.toFixed(1).padStart(8)} ms  ${(rate / 1e6).toFixed(2).padStart(6)} M series/s  (CPU ${out.cpu.toFixed(1)} ms)`);
  return out;
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
const ratio = (a: Best, b: Best): string => `${(a.wall / b.wall).toFixed(1)}x (CPU ${(a.cpu / b.cpu).toFixed(1)}x)`;
console.log(`ratio parse vs parse-prometheus-text-format: ${ratio(npm, ours)} faster (goal: >= 6x)`);
console.log(`ratio all facts vs parse-prometheus-text-format: ${ratio(npm, full)} faster`);
console.log(`parse cost over a bare line split: ${ratio(ours, lines)}`);
if (sink === 0) console.log('(sink)');
