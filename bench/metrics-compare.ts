/**
 * Before/after for the metrics parser: another build's parser (`BEFORE=/path/to/its/dist`,
 * e.g. main's checkout after `npm run build`) against this one, and
 * parse-prometheus-text-format, in one process and interleaved, so all three see the same
 * machine load. Best CPU time (user + system) of `RUNS` (default 15) each.
 * `npm run build && BEFORE=/work/main/dist node dist/bench/metrics-compare.js`
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { generateExposition } from './metrics-exposition';

type Parse = (input: Buffer, format: 'text') => unknown;
type Facts = (parsed: unknown, thresholds?: unknown) => unknown;

/** A build's parser and facts, wherever that build's layout keeps them. */
function build(dist: string): { parse: Parse; facts: Facts } {
  const find = (...candidates: string[]): string => {
    const hit = candidates.map((c) => path.join(dist, 'probes', 'metrics', c)).find(existsSync);
    if (!hit) throw new Error(`no ${candidates.join(' or ')} under ${dist}/probes/metrics`);
    return hit;
  };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const parse = (require(find('parser/parse.js', 'parse.js')) as { parseExposition: Parse }).parseExposition;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const facts = (require(find('analysis/exposition-facts.js', 'exposition-facts.js')) as { expositionFacts: Facts }).expositionFacts;
  return { parse, facts };
}

const before = process.env.BEFORE;
if (!before) throw new Error('set BEFORE to the dist/ of the build to compare with');
const RUNS = Number(process.env.RUNS ?? 15);
const a = build(path.resolve(before));
const b = build(path.resolve(__dirname, '..'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const npmParse = require('parse-prometheus-text-format') as (text: string) => unknown[];
const bytes = Buffer.from(generateExposition(100_000));
// The builds before the facts schema took thresholds; later ones ignore a second argument.
const THRESHOLDS = { maxSeries: 1e4, maxLabelValues: 1e3 };

const cases: Record<string, () => unknown> = {
  'parse before': () => a.parse(bytes, 'text'),
  'parse after': () => b.parse(bytes, 'text'),
  'all facts before': () => a.facts(a.parse(bytes, 'text'), THRESHOLDS),
  'all facts after': () => b.facts(b.parse(bytes, 'text'), THRESHOLDS),
  'parse-prometheus-text-format': () => npmParse(bytes.toString('utf8')),
};
const cpu = (fn: () => unknown): number => {
  const c0 = process.cpuUsage();
  fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
};
const best: Record<string, number> = {};
for (const [name, fn] of Object.entries(cases)) {
  fn(); // warm-up
  best[name] = Infinity;
}
for (let i = 0; i < RUNS; i++) for (const [name, fn] of Object.entries(cases)) best[name] = Math.min(best[name]!, cpu(fn));
for (const [name, ms] of Object.entries(best)) console.log(`${name.padEnd(30)} ${ms.toFixed(1).padStart(8)} ms CPU`);
const npm = best['parse-prometheus-text-format']!;
const x = (name: string): string => `${(npm / best[name]!).toFixed(1)}x`;
console.log(`vs parse-prometheus-text-format: parse ${x('parse before')} before, ${x('parse after')} after; all facts ${x('all facts before')} before, ${x('all facts after')} after`);
