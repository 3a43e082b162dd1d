/**
 * The metrics probe against real servers on port 0, judged by the real metrics checks: a
 * prom-client app (text and OpenMetrics), discovery, a missing endpoint, and hostile
 * endpoints (12 MB body, gzip bomb, a body that trickles forever) that must fail their
 * checks within the timeout and with bounded memory.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as zlib from 'node:zlib';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { metricsProbe } from '../../probes/metrics';
import { evaluateProbeChecks } from '../../src/checks/evaluate-checks';
import { loadChecks } from '../../src/checks/load-checks';
import type { Target } from '../../src/targets/target';
import { defaultOptions, probeContext } from '../support/probe-context';
import { httpServer, type Handler, type TestServer } from '../support/servers';

const checks = loadChecks(undefined, ['metrics']).byProbe('metrics');

function target(url: string, metricsUrl?: string): Target {
  return { name: 't', baseDir: process.cwd(), url, config: { name: 't', url, ...(metricsUrl ? { metrics: { url: metricsUrl } } : {}) } };
}

export async function probe(t: Target, overrides: Record<string, unknown> = {}) {
  const outcome = await metricsProbe.run(t, probeContext(defaultOptions(metricsProbe.optionsSchema, overrides)));
  const results = evaluateProbeChecks(checks, { status: 'pass', facts: outcome.facts });
  const statusOf = (id: string) => results.find((r) => r.id === id)?.status;
  const failed = results.filter((r) => r.status === 'fail').map((r) => r.id);
  return { facts: outcome.facts as Record<string, unknown>, results, statusOf, failed };
}

/** A registry as a real Node service has it: default metrics plus RED metrics. */
function promClientRegistry(contentType?: string): Registry {
  // The typings omit the constructor's content-type argument that the library takes.
  const RegistryWithType = Registry as unknown as new (contentType?: string) => Registry;
  const registry = new RegistryWithType(contentType);
  collectDefaultMetrics({ register: registry });
  const labelNames = ['method', 'route', 'status_code'];
  const requests = new Counter({ name: 'http_server_requests_total', help: 'Requests served.', labelNames, registers: [registry] });
  const duration = new Histogram({ name: 'http_server_request_duration_seconds', help: 'Request duration.', labelNames, registers: [registry] });
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

describe('metrics probe', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('passes a prom-client app (text 0.0.4) but for the _total gauges promtool flags too', async () => {
    server = await httpServer({ '/metrics': serve(promClientRegistry()) });
    const { facts, results, failed } = await probe(target(server.url));
    expect(results.filter((r) => r.status === 'unknown')).toEqual([]);
    // prom-client's default nodejs_active_*_total are gauges: promlint says the same.
    expect(failed).toEqual(['metricsNamingUnconventional']);
    expect(results.find((r) => r.id === 'metricsNamingUnconventional')?.evidence.join('\n')).toMatch(/nodejs_active_handles_total: non-counter metrics should not have "_total" suffix/);
    expect(facts).toMatchObject({ source: 'discovered', format: 'text', valid: true, runtimeMetrics: true, redComplete: true, latencyHistogram: true });
  });

  it('negotiates OpenMetrics with a registry that offers it, and parses it valid', async () => {
    server = await httpServer({ '/metrics': serve(promClientRegistry(Registry.OPENMETRICS_CONTENT_TYPE)) });
    const { facts, failed } = await probe(target(server.url));
    expect(facts).toMatchObject({ format: 'openmetrics', valid: true, redComplete: true });
    expect(failed).toEqual(['metricsNamingUnconventional']);
  });

  it('scrapes a second time when request metrics are declared but not yet observed', async () => {
    // Like examples/workloads/ready: every request, /metrics included, is counted after it is served.
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    const labelNames = ['route', 'status_code'];
    const requests = new Counter({ name: 'http_server_requests_total', help: 'Requests.', labelNames, registers: [registry] });
    const duration = new Histogram({ name: 'http_server_request_duration_seconds', help: 'Duration.', labelNames, registers: [registry] });
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
    expect(facts).toMatchObject({ scrapes: 2, redComplete: true, latencyHistogram: true });
    expect(failed).not.toContain('metricsRedMissing');
  });

  it('finds /actuator/prometheus by discovery and uses a configured URL as given', async () => {
    server = await httpServer({ '/actuator/prometheus': serve(promClientRegistry()), '/custom': serve(promClientRegistry()) });
    expect((await probe(target(server.url))).facts).toMatchObject({ url: `${server.url}/actuator/prometheus`, source: 'discovered' });
    expect((await probe(target(server.url, `${server.url}/custom`))).facts).toMatchObject({ url: `${server.url}/custom`, source: 'configured' });
  });

  it('fails metricsEndpointMissing when no path answers, and leaves the rest unknown', async () => {
    server = await httpServer({});
    const { failed, statusOf, facts } = await probe(target(server.url));
    expect(failed).toEqual(['metricsEndpointMissing']);
    expect(statusOf('metricsExpositionInvalid')).toBe('unknown');
    expect((facts.evidence as { endpoint: string[] }).endpoint).toHaveLength(3);
  });

  it('fails metricsExpositionInvalid with line numbers, and flags an unknown content type', async () => {
    const body = '# HELP a_total A.\n# TYPE a_total counter\na_total 0x1F\nb{c="\\t"} 1\n';
    server = await httpServer({ '/metrics': (_q, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body) });
    const { failed, results } = await probe(target(server.url));
    expect(failed).toEqual(expect.arrayContaining(['metricsExpositionInvalid', 'metricsContentTypeUnknown']));
    expect(results.find((r) => r.id === 'metricsExpositionInvalid')?.evidence).toEqual([
      'line 3: expected float as value, got "0x1F"',
      "line 4: invalid escape sequence '\\t'",
    ]);
  });
});

/** Writes `total` bytes of valid exposition lines in 64 KiB chunks, honouring backpressure. */
function bigBody(total: number): Handler {
  return (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    const line = 'big_gauge{i="0000000000"} 1\n';
    const chunk = Buffer.from(line.repeat(Math.floor(65536 / line.length)));
    let sent = 0;
    const pump = (): void => {
      while (sent < total) {
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    res.on('error', () => undefined);
    pump();
  };
}

/** 512 MiB of '0's, gzipped once (about 500 kB): inflated whole it would show in memory. */
function gzipBomb(): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const gz = zlib.createGzip({ level: 1 });
    const out: Buffer[] = [];
    gz.on('data', (c: Buffer) => out.push(c));
    gz.on('end', () => resolve(Buffer.concat(out)));
    gz.on('error', reject);
    const zeros = Buffer.alloc(1024 * 1024, 0x30);
    let left = 512;
    const write = (): void => {
      while (left-- > 0) if (!gz.write(zeros)) return void gz.once('drain', write);
      gz.end();
    };
    write();
  });
}

describe('metrics probe against hostile endpoints', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('fails metricsScrapeOverLimits on a 12 MB body, without parsing it', async () => {
    server = await httpServer({ '/metrics': bigBody(12 * 1024 * 1024) });
    const { failed, facts, results } = await probe(target(server.url));
    expect(failed).toEqual(['metricsScrapeOverLimits']);
    expect(facts).toMatchObject({ reachable: true, withinLimits: false, valid: null });
    expect(results.find((r) => r.id === 'metricsScrapeOverLimits')?.evidence[0]).toMatch(/larger than 10485760 bytes \(after decompression\)/);
  });

  it('stops inflating a gzip bomb at the byte cap: memory stays bounded', async () => {
    const bomb = await gzipBomb();
    server = await httpServer({
      '/metrics': (_q, res) => res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' }).end(bomb),
    });
    const before = process.memoryUsage();
    const { failed, facts } = await probe(target(server.url), { maxBytes: 4 * 1024 * 1024 });
    const after = process.memoryUsage();
    expect(failed).toEqual(['metricsScrapeOverLimits']);
    expect(facts).toMatchObject({ withinLimits: false });
    // 512 MiB inflated would show; the cap is 4 MiB. Allow generous slack for the GC's timing.
    const grownMiB = (after.rss + after.arrayBuffers - before.rss - before.arrayBuffers) / 2 ** 20;
    expect(grownMiB).toBeLessThan(128);
  });

  it('fails metricsEndpointMissing with a timeout on a body that trickles forever', async () => {
    server = await httpServer({
      '/metrics': (_q, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        const timer = setInterval(() => res.write('trickle_gauge 1\n'), 50);
        res.on('close', () => clearInterval(timer));
      },
    });
    const { failed, results } = await probe(target(server.url), { scrapeTimeoutMs: 1000 });
    expect(failed).toEqual(['metricsEndpointMissing']);
    expect(results.find((r) => r.id === 'metricsEndpointMissing')?.evidence[0]).toMatch(/timeout: no complete response within 1000 ms/);
  });

  it('stops at maxSamples and says so', async () => {
    const body = Array.from({ length: 50 }, (_, i) => `s{i="${i}"} 1\n`).join('');
    server = await httpServer({ '/metrics': (_q, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(body) });
    const { failed, facts } = await probe(target(server.url), { maxSamples: 10 });
    expect(failed).toEqual(expect.arrayContaining(['metricsScrapeOverLimits']));
    expect(failed).not.toContain('metricsExpositionInvalid');
    expect((facts.evidence as { limits: string[] }).limits).toEqual(['more than 10 samples (maxSamples); parsing stopped at line 10']);
  });
});
