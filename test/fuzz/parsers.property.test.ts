/**
 * Property-based tests of the parsers that read untrusted input, with a fixed seed and a
 * modest count so the suite stays fast and repeatable; `npm run fuzz` runs the same
 * properties long, and what it finds becomes a named case in parser-regressions.test.ts.
 */
import * as fc from 'fast-check';
import { loadShellParser } from '../../probes/shell/script/shell-parser';
import { parserProperties } from '../support/parser-properties';

const SEED = 20_261_201;
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

describe('parsers under arbitrary input', () => {
  // The shell parser is WebAssembly, loaded once before any script is read.
  beforeAll(() => loadShellParser());

  it.each(parserProperties.map((p) => [p.name, p] as const))('%s: a result or a parse error, within its caps', (_name, p) => {
    fc.assert(p.property, { seed: SEED, numRuns: RUNS });
  });
});
