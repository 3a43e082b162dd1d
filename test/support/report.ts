/** Fixture reports for the renderer tests, and golden-file comparison. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '../../src/model';
import { testCatalog } from './catalog';

export const FIXTURES = join(__dirname, '..', 'fixtures', 'report');

export function loadReport(name: 'fleet' | 'hostile'): Report {
  // The fixtures are JSON reports, which carry no catalog; the renderers get the shipped one.
  return { ...(JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as Omit<Report, 'catalog'>), catalog: testCatalog() };
}

/**
 * Compares `actual` with the golden file; `UPDATE_GOLDEN=1` rewrites it instead, so a
 * deliberate change of output is one command and a review of the diff.
 */
export function expectGolden(file: string, actual: string): void {
  const path = join(FIXTURES, 'golden', file);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(path)) {
    if (process.env.CI === 'true') throw new Error(`golden file ${file} is missing; run UPDATE_GOLDEN=1 npx jest test/report`);
    mkdirSync(join(FIXTURES, 'golden'), { recursive: true });
    writeFileSync(path, actual);
  }
  expect(actual).toBe(readFileSync(path, 'utf8'));
}
