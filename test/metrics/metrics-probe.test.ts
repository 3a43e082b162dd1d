/**
 * The metrics probe against real servers on port 0, judged by the real metrics checks: a
 * prom-client app (text and OpenMetrics), discovery, a missing endpoint, and servers that
 * answer 200 on every path without serving metrics.
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { metricsTarget as target, probeMetrics as probe } from '../support/metrics-probe';
import { httpServer, type Handler, type TestServer } from '../support/servers';

/** A registry as a real Node service has it: default metrics plus RED metrics. */
function promClientRegistry(contentType?: string): Registry {
  // The typings omit the constructor's content-type argument that the library takes.
  const RegistryWithType = Registry as unknown as new (contentType?: string) => Registry;
  const registry = new RegistryWithType(contentType);
  collectDefaultMetrics({ register: registry });
  const labelNames = ['method', 'route', 'status_code'];
  const requests = new Counter({ name: 'http_requests_total', help: 'Requests served.', labelNames, registers: [registry] });
  const duration = new Histogram({ name: 'http_request_duration_seconds', help: 'Request duration.', labelNames, registers: [registry] });
  requests.inc({ method: 'GET', route: '/', status_code: '200' }, 5);
  requests.inc({ method: 'GET', route: '/', status_code: '500' });
  duration.observe({ method: 'GET', route: '/', status_code: '200' }, 0.02);
  return registry;
}

const serve = (registry: Registry): Handler => (_req, res) => {
  void registry.metrics().then((body) => {
    res.writeHead(200, { 'content-type': registry.contentType });
    res.end(body);
  });
};

const text = (body: string, type = 'text/plain'): Handler => (_q, res) => res.writeHead(200, { 'content-type': type }).end(body);

describe('metrics probe', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('passes a prom-client app (text 0.0.4) but for the _total gauges promtool flags too', async () => {
    server = await httpServer({ '/metrics': serve(promClientRegistry()) });
    const { facts, results, failed, result } = await probe(target(server.url));
    // Only the target's time may be unknown: when this process was busy (other test files), it is not the target's.
    // metricsAnnotationUntrue and metricsServiceMonitorUntrue judge a cluster workload's claims; a URL target has none.
    expect(results.filter((r) => r.status === 'unknown' && !['metricsScrapeSlow', 'metricsAnnotationUntrue', 'metricsServiceMonitorUntrue'].includes(r.id))).toEqual([]);
    // prom-client's default nodejs_active_*_total are gauges: promlint says the same.
    expect(failed).toEqual(['metricsNamingUnconventional']);
    expect(result('metricsNamingUnconventional').evidence.join('\n')).toMatch(/nodejs_active_handles_total: non-counter metrics should not have "_total" suffix/);
    expect(facts).toMatchObject({ source: 'discovered', found: true, format: 'text', valid: true, truncated: false });
    expect(facts.signals).toMatchObject({
      rate: { metric: 'http_requests_total' }, errors: { metric: 'http_requests_total{status_code}' }, duration: { metric: 'http_request_duration_seconds' },
    });
    expect(result('metricsRedMissing').message).toBe('RED metrics: rate from http_requests_total, errors from http_requests_total{status_code}, duration from http_request_duration_seconds.');
  });

  it('negotiates OpenMetrics with a registry that offers it, and parses it valid', async () => {
    server = await httpServer({ '/metrics': serve(promClientRegistry(Registry.OPENMETRICS_CONTENT_TYPE)) });
    const { facts, failed } = await probe(target(server.url));
    expect(facts).toMatchObject({ format: 'openmetrics', valid: true, signals: { rate: { metric: 'http_requests_total' } } });
    expect(failed).toEqual(['metricsNamingUnconventional']);
  });

  it('scrapes a second time when request metrics are declared but not yet observed', async () => {
    // Like examples/workloads/ready: every request, /metrics included, is counted after it is served.
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    const labelNames = ['route', 'status_code'];
    const requests = new Counter({ name: 'http_requests_total', help: 'Requests.', labelNames, registers: [registry] });
    const duration = new Histogram({ name: 'http_request_duration_seconds', help: 'Duration.', labelNames, registers: [registry] });
    server = await httpServer({
      '/metrics': (_req, res) => {
        void registry.metrics().then((body) => {
          res.writeHead(200, { 'content-type': registry.contentType }).end(body);
          requests.inc({ route: '/metrics', status_code: '200' });
          duration.observe({ route: '/metrics', status_code: '200' }, 0.001);
        });
      },
    });
    const { facts, failed } = await probe(target(server.url));
    expect(facts.scrapes).toBeGreaterThanOrEqual(2);
    expect(facts.signals).toMatchObject({ rate: { metric: 'http_requests_total' }, latency: { metric: 'http_request_duration_seconds' } });
    expect(failed).not.toContain('metricsRedMissing');
  });

  it('finds /actuator/prometheus by discovery and uses a configured URL as given', async () => {
    server = await httpServer({ '/actuator/prometheus': serve(promClientRegistry()), '/custom': serve(promClientRegistry()) });
    expect((await probe(target(server.url))).facts).toMatchObject({ url: `${server.url}/actuator/prometheus`, source: 'discovered', found: true });
    expect((await probe(target(server.url, `${server.url}/custom`))).facts).toMatchObject({ url: `${server.url}/custom`, source: 'configured', found: true });
  });

  it('fails metricsEndpointMissing when no path answers, and leaves the rest unknown', async () => {
    server = await httpServer({});
    const { failed, statusOf, facts } = await probe(target(server.url));
    expect(failed).toEqual(['metricsEndpointMissing']);
    expect(statusOf('metricsExpositionInvalid')).toBe('unknown');
    expect(statusOf('metricsScrapeOverLimits')).toBe('unknown');
    expect(facts.evidence.endpoint).toHaveLength(3);
  });

  it('fails metricsExpositionInvalid with line numbers, and flags an unknown content type', async () => {
    const body = '# HELP a_total A.\n# TYPE a_total counter\na_total 1\na_total 0x1F\nb{c="\\t"} 1\n';
    server = await httpServer({ '/metrics': text(body, 'application/json') });
    const { failed, result, facts } = await probe(target(server.url));
    expect(facts.found).toBe(true);
    expect(failed).toEqual(expect.arrayContaining(['metricsExpositionInvalid', 'metricsContentTypeUnknown']));
    expect(result('metricsExpositionInvalid').evidence).toEqual(['line 4: expected float as value, got "0x1F"', "line 5: invalid escape sequence '\\t'"]);
  });
});

// Regression (issue 10, point 7): a server answering 200 `hello` on every path was taken for a metrics endpoint.
describe('catch-all servers', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('is not a metrics endpoint when every path answers 200 hello, and nothing else is judged on it', async () => {
    server = await httpServer({}, text('hello\n'));
    const { failed, facts, results, result } = await probe(target(server.url));
    expect(facts).toMatchObject({ found: false, status: 200, contentType: null, valid: null, signals: null, scrapeMs: null, truncated: null });
    expect(failed).toEqual(['metricsEndpointMissing']);
    expect(results.filter((r) => r.status === 'pass')).toEqual([]);
    expect(result('metricsEndpointMissing').evidence).toHaveLength(3);
    expect(result('metricsEndpointMissing').evidence[0]).toMatch(/^GET .*\/metrics → 200 text\/plain, 6 bytes: .*: not a Prometheus exposition \(line 1: /);
  });

  it.each([
    ['an HTML page', '<html><body>Welcome</body></html>\n', 'text/html'],
    ['a JSON status', '{"status":"UP"}', 'application/json'],
    ['an empty text/plain page', '', 'text/plain'],
    ['only comments', '# nothing here\n', 'text/plain; charset=utf-8'],
  ])('is not a metrics endpoint for %s on every path', async (_what, body, type) => {
    server = await httpServer({}, text(body, type));
    const { facts, failed } = await probe(target(server.url));
    expect({ found: facts.found, failed }).toEqual({ found: false, failed: ['metricsEndpointMissing'] });
  });

  it('is not a metrics endpoint when the configured URL is a catch-all page either', async () => {
    server = await httpServer({}, text('hello\n'));
    const { facts, failed } = await probe(target(server.url, `${server.url}/metrics`));
    expect({ found: facts.found, source: facts.source, failed }).toEqual({ found: false, source: 'configured', failed: ['metricsEndpointMissing'] });
  });

  it('finds the real endpoint behind a catch-all on another discovery path', async () => {
    server = await httpServer({ '/actuator/prometheus': serve(promClientRegistry()) }, text('hello\n'));
    const { facts } = await probe(target(server.url));
    expect(facts).toMatchObject({ found: true, url: `${server.url}/actuator/prometheus` });
    expect(facts.evidence.endpoint[0]).toMatch(/not a Prometheus exposition/);
  });

  it.each([
    ['an empty registry announcing the text format', '', 'text/plain; version=0.0.4; charset=utf-8'],
    ['declared families without samples yet', '# HELP jobs_total Jobs.\n# TYPE jobs_total counter\n', 'text/plain'],
    ['an empty OpenMetrics exposition', '# EOF\n', 'application/openmetrics-text; version=1.0.0; charset=utf-8'],
  ])('is a metrics endpoint for %s', async (_what, body, type) => {
    server = await httpServer({ '/metrics': text(body, type) });
    const { facts, statusOf } = await probe(target(server.url));
    expect(facts).toMatchObject({ found: true, valid: true, series: 0 });
    expect(statusOf('metricsEndpointMissing')).toBe('pass');
  });

  it('is a metrics endpoint with one good sample among broken lines: its errors are for the exposition check', async () => {
    server = await httpServer({ '/metrics': text('up 1\nbroken{ 2\n') });
    const { facts, failed } = await probe(target(server.url));
    expect(facts).toMatchObject({ found: true, valid: false, errorCount: 1 });
    expect(failed).toContain('metricsExpositionInvalid');
    expect(failed).not.toContain('metricsEndpointMissing');
  });
});
