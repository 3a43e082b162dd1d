/**
 * Reports rendered away from the event loop: the built service hands the work to a worker
 * thread, which answers what rendering in place would, and a state of the store is
 * rendered once however many read it.
 */
import * as path from 'node:path';
import type { createReportService as Create } from '../../src/api/report-service';
import { createReportService as inThread } from '../../src/api/report-service';
import { MemoryStore } from '../../src/store/memory-store';
import { silentLogger } from '../../src/telemetry/logger';
import { testCatalog } from '../support/catalog';
import { sampleResult } from '../support/api/app-fixture';

// The built module runs its worker from dist/ (`npm run build` first, as for the CLI tests).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const built = require(path.join(__dirname, '..', '..', 'dist', 'src', 'api', 'report-service.js')) as { createReportService: typeof Create };

describe('report service', () => {
  const store = new MemoryStore();
  store.save([sampleResult('checkout'), sampleResult('billing', { score: 95, verdict: 'ready' })]);
  const names = ['checkout', 'billing'];

  it('renders in a worker thread what rendering in place renders', async () => {
    const worker = built.createReportService(store, testCatalog(), silentLogger());
    expect(worker.offThread).toBe(true);
    expect(inThread(store, testCatalog(), silentLogger()).offThread).toBe(false);
    try {
      const [off, here] = await Promise.all([worker.render('json', names), inThread(store, testCatalog(), silentLogger()).render('json', names)]);
      const parse = (b: Buffer): { workloads: unknown[] } => JSON.parse(b.toString('utf8')) as { workloads: unknown[] };
      expect(parse(off).workloads).toEqual(parse(here).workloads);
      const html = (await worker.render('html', names)).toString('utf8');
      expect(html).toContain('<!doctype html>');
      // The words are back: the catalog's remediation, not the stored outcome.
      expect(parse(off).workloads).toContainEqual(expect.objectContaining({ name: 'checkout', checks: expect.arrayContaining([expect.objectContaining({ id: 'healthSlow', remediation: expect.any(String) })]) }));
    } finally {
      await worker.close();
    }
  });

  it('renders a state of the store once for every reader, and again when a result changes', async () => {
    const reports = inThread(store, testCatalog(), silentLogger());
    const [a, b] = await Promise.all([reports.render('md', names), reports.render('md', names)]);
    expect(a).toBe(b);
    expect(await reports.render('md', names)).toBe(a);
    store.save([sampleResult('checkout', { score: 10, verdict: 'not-ready' })]);
    const after = await reports.render('md', names);
    expect(after).not.toBe(a);
    expect(after.toString('utf8')).toContain('not ready');
  });
});
