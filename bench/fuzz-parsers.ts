/**
 * The parser properties of test/support/parser-properties.ts, run long: a fresh seed per
 * run (or `--seed N` to replay), `--runs N` inputs per property (default 200,000), or
 * `--seconds S` per property. Every counterexample is printed with the seed and path that
 * replay it; each one found becomes a named case in test/fuzz/parser-regressions.test.ts.
 * Exits 1 when any property fails.
 *
 * Run: `npm run fuzz` (e.g. `npm run fuzz -- --seconds 60`).
 */
import * as fc from 'fast-check';
import { loadShellParser } from '../probes/shell/script/shell-parser';
import { parserProperties } from '../test/support/parser-properties';

function arg(name: string): number | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : undefined;
}

function main(): number {
  const seed = arg('seed') ?? (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
  const seconds = arg('seconds');
  const runs = arg('runs') ?? (seconds ? Number.MAX_SAFE_INTEGER : 200_000);
  console.log(`seed ${seed}, ${seconds ? `${seconds} s` : `${runs} runs`} per property`);
  let failed = 0;
  for (const p of parserProperties) {
    const started = performance.now();
    const details = fc.check(p.property, { seed, numRuns: runs, ...(seconds ? { interruptAfterTimeLimit: seconds * 1000 } : {}) });
    const ms = performance.now() - started;
    if (details.failed) {
      failed++;
      console.log(`FAIL ${p.name}: ${details.numRuns} runs, ${ms.toFixed(0)} ms`);
      console.log(`  counterexample: ${fc.stringify(details.counterexample)}`);
      console.log(`  error: ${String(details.errorInstance)}`);
      console.log(`  replay: --seed ${details.seed} (path ${details.counterexamplePath})`);
    } else {
      console.log(`ok   ${p.name}: ${details.numRuns} runs in ${ms.toFixed(0)} ms (${((details.numRuns / ms) * 1000).toFixed(0)}/s)`);
    }
  }
  console.log(failed ? `${failed} properties failed` : 'all properties held');
  return failed ? 1 : 0;
}

// The shell parser is WebAssembly, loaded once before any script is read.
void loadShellParser().then(() => {
  process.exitCode = main();
});
