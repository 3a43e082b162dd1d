/**
 * Regression (issue 10, point 11): "67 naming problems" showed 11 lines and no "… and 56
 * more". Every list the metrics checks show carries the full count: at most as many lines
 * as the report shows, the last saying how many more were found (not kept).
 */
import { LISTED, listed } from '../../probes/metrics/analysis/listed';
import { MAX_EVIDENCE } from '../../src/checks/evaluate-checks';
import { metricsTarget as target, probeMetrics as probe } from '../support/metrics-probe';
import { httpServer, type TestServer } from '../support/servers';

describe('evidence lists', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('are cut where the report cuts them, so the report never cuts them again', () => {
    expect(LISTED).toBe(MAX_EVIDENCE);
  });

  it.each([
    [3, 3, ['a0', 'a1', 'a2']],
    [20, 20, Array.from({ length: 20 }, (_, i) => `a${i}`)],
    [21, 21, [...Array.from({ length: 19 }, (_, i) => `a${i}`), '… and 2 more']],
    [20, 67, [...Array.from({ length: 19 }, (_, i) => `a${i}`), '… and 48 more']],
    [5, 30, ['a0', 'a1', 'a2', 'a3', 'a4', '… and 25 more']],
  ])('list %i kept of %i found', (kept, total, want) => {
    expect(listed(Array.from({ length: kept }, (_, i) => `a${i}`), total)).toEqual(want);
  });

  it('shows 67 naming problems as 19 lines and "… and 48 more", with the full count in the message', async () => {
    // 67 gauges without HELP text: one naming problem each.
    const body = Array.from({ length: 67 }, (_, i) => `# TYPE g${i} gauge\ng${i} 1\n`).join('');
    server = await httpServer({ '/metrics': (_q, res) => res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(body) });
    const { result, facts } = await probe(target(server.url));
    const naming = result('metricsNamingUnconventional');
    expect(facts.lintNamingCount).toBe(67);
    expect(naming.message).toBe('67 naming problem(s), as promtool check metrics would report.');
    expect(naming.evidence).toHaveLength(20);
    expect(naming.evidence[19]).toBe('… and 48 more');
  });

  it('counts parse errors beyond those kept (maxErrors) in the last line', async () => {
    const body = 'ok 1\n' + Array.from({ length: 30 }, (_, i) => `bad${i} 0x1\n`).join('');
    server = await httpServer({ '/metrics': (_q, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(body) });
    const { result, facts } = await probe(target(server.url), { maxErrors: 5 });
    expect(facts.errorCount).toBe(30);
    expect(result('metricsExpositionInvalid').evidence).toEqual([...Array.from({ length: 5 }, (_, i) => `line ${i + 2}: expected float as value, got "0x1"`), '… and 25 more']);
  });
});
