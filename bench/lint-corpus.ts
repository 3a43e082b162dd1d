/**
 * Precision and recall of lint's critical findings (blockers) on the lint corpus
 * (`test/fixtures/lint-corpus/`, expectations written file by file), split into
 * Dockerfiles, Kubernetes manifests and Compose files. With `--files LIST --truth FILE` it
 * scores any other set the same way (LIST: one path a line; FILE: JSON `{path: ["check@line"]}`
 * of the blockers a reviewer found), for figures on real repositories kept outside the project.
 *
 * Run: `npm run build && node dist/bench/lint-corpus.js`.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { lintFiles } from '../src/lint/lint-files';
import { lintCorpus, loadExpectations, scoreCritical, type FileExpectation } from '../test/support/lint-corpus';

function pct(x: number): string {
  return `${(x * 100).toFixed(1)} %`;
}

function line(label: string, s: ReturnType<typeof scoreCritical>): void {
  console.log(`${label.padEnd(22)} blockers ${String(s.truePositives + s.falseNegatives.length).padStart(4)} | found ${String(s.truePositives).padStart(4)} | false alarms ${String(s.falsePositives.length).padStart(3)} | precision ${pct(s.precision).padStart(7)} | recall ${pct(s.recall).padStart(7)}`);
  for (const m of s.falseNegatives.slice(0, 10)) console.log(`    missed: ${m}`);
  for (const m of s.falsePositives.slice(0, 10)) console.log(`    false alarm: ${m}`);
}

async function corpus(): Promise<void> {
  const expectations = loadExpectations();
  const { result, rel } = await lintCorpus();
  const subset = (prefix: string): Record<string, FileExpectation> => Object.fromEntries(Object.entries(expectations).filter(([f]) => f.startsWith(prefix)));
  console.log(`lint corpus: ${Object.keys(expectations).length} files`);
  line('Dockerfiles', scoreCritical(result, subset('dockerfiles/'), rel));
  line('Kubernetes manifests', scoreCritical(result, subset('manifests/'), rel));
  line('Compose files', scoreCritical(result, subset('compose/'), rel));
  line('all', scoreCritical(result, expectations, rel));
}

async function real(listFile: string, truthFile: string): Promise<void> {
  const files = readFileSync(listFile, 'utf8').split('\n').filter(Boolean);
  const truth = JSON.parse(readFileSync(truthFile, 'utf8')) as Record<string, string[]>;
  const started = performance.now();
  const result = await lintFiles(files);
  const ms = performance.now() - started;
  const expectations = Object.fromEntries(files.map((f) => [f, { critical: truth[f] ?? [] }]));
  console.log(`${files.length} files linted in ${ms.toFixed(0)} ms`);
  line('real files', scoreCritical(result, expectations, (f) => f));
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { files: { type: 'string' }, truth: { type: 'string' } } });
  if (values.files && values.truth) await real(values.files, values.truth);
  else await corpus();
}

void main();
