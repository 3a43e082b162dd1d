/**
 * Workloads that export to their own Jaeger or Tempo: the probe reads the round trip's
 * trace back through their query APIs. The stores here are real HTTP servers answering in
 * each API's JSON shape with what the workload (also a real server) was sent.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadChecks } from '../../src/checks/load-checks';
import { parseConfig } from '../../src/config/load-config';
import { createEngine } from '../../src/engine/create-engine';
import type { CompactResult } from '../../src/model';
import { silentLogger } from '../../src/telemetry/logger';

interface Received {
  traceId: string;
  parentId: string;
}

function listen(handler: http.RequestListener): Promise<{ server: http.Server; url: string }> {
  const server = http.createServer(handler);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

const SERVER_SPAN_ID = 'c0ffee00c0ffee00';

function jaegerBody(r: Received | undefined, traceId: string): unknown {
  if (!r || r.traceId !== traceId) return { data: [], errors: [{ code: 404, msg: 'trace not found' }] };
  return {
    data: [
      {
        traceID: r.traceId,
        spans: [
          {
            traceID: r.traceId,
            spanID: SERVER_SPAN_ID,
            operationName: 'GET /',
            references: [{ refType: 'CHILD_OF', traceID: r.traceId, spanID: r.parentId }],
            startTime: Date.now() * 1000,
            tags: [
              { key: 'span.kind', type: 'string', value: 'server' },
              { key: 'http.method', type: 'string', value: 'GET' },
              { key: 'http.route', type: 'string', value: '/' },
              { key: 'http.status_code', type: 'int64', value: 200 },
            ],
            processID: 'p1',
          },
        ],
        processes: { p1: { serviceName: 'shop', tags: [] } },
      },
    ],
  };
}

function tempoBody(r: Received | undefined, traceId: string): unknown {
  if (!r || r.traceId !== traceId) return null;
  const b64 = (hex: string): string => Buffer.from(hex, 'hex').toString('base64');
  return {
    batches: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'shop' } }] },
        scopeSpans: [
          {
            scope: { name: '@opentelemetry/instrumentation-http' },
            spans: [{ traceId: b64(r.traceId), spanId: b64(SERVER_SPAN_ID), parentSpanId: b64(r.parentId), name: 'GET /', kind: 'SPAN_KIND_SERVER', startTimeUnixNano: String(Date.now() * 1e6) }],
          },
        ],
      },
    ],
  };
}

describe('traces probe reading a Jaeger or Tempo', () => {
  const servers: http.Server[] = [];
  let results: Map<string, CompactResult>;

  beforeAll(async () => {
    // Every traced request the workload saw, by trace id: the workloads' probes overlap (a
    // probe waiting for spans gives its sweep slot back), so "the last one" could be another's.
    const received = new Map<string, Received>();
    const workload = await listen((req, res) => {
      const m = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/.exec(String(req.headers.traceparent));
      if (m) received.set(m[1]!, { traceId: m[1]!, parentId: m[2]! });
      res.end('ok');
    });
    // Stores that ingest with a delay: the first lookups find nothing yet.
    const store = (body: (r: Received | undefined, id: string) => unknown) => {
      let lookups = 0;
      return listen((req, res) => {
        const url = new URL(req.url!, 'http://x');
        if (url.pathname.startsWith('/api/traces/')) {
          lookups++;
          const id = url.pathname.split('/').pop()!;
          res.setHeader('content-type', 'application/json');
          return res.end(JSON.stringify(lookups % 3 === 0 ? body(received.get(id), id) : null));
        }
        res.statusCode = 404;
        res.end();
      });
    };
    const jaeger = await store(jaegerBody);
    const tempo = await store(tempoBody);
    const empty = await listen((req, res) => res.end(JSON.stringify(req.url!.startsWith('/api/traces?') ? { data: [{ traceID: 'x' }] } : { data: [] })));
    servers.push(workload.server, jaeger.server, tempo.server, empty.server);
    const checks = loadChecks(undefined, ['traces']);
    const yaml = `sweep: { timeout: 20s, concurrency: 1 }
probes: { traces: { waitMs: 5000 } }
workloads:
  - { name: via-jaeger, url: ${workload.url}, traces: { jaeger: ${jaeger.url}, serviceName: shop } }
  - { name: via-tempo, url: ${workload.url}, traces: { tempo: ${tempo.url}, serviceName: shop } }
  - { name: only-background, url: ${workload.url}, traces: { jaeger: ${empty.url}, serviceName: shop } }
  - { name: unknown-exporter, url: ${workload.url} }
`;
    const config = parseConfig(yaml, path.join(tmpdir(), 'distroready-traces-external.yaml'), {}, checks.ids);
    const engine = createEngine({ config, checks, logger: silentLogger(), only: ['traces'] });
    results = new Map((await engine.sweep()).results.map((r) => [r.name, r]));
  }, 60_000);
  afterAll(() => servers.forEach((s) => s.close()));

  const facts = (name: string) => results.get(name)!.probes.traces!.facts as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

  it.each([
    ['via-jaeger', 'jaeger'],
    ['via-tempo', 'tempo'],
  ])('%s: finds our trace, with our span as the parent of the server span', (name, store) => {
    const f = facts(name);
    expect(f.exportedVia).toBe(store);
    expect(f.contextPropagated).toBe(true);
    expect(f.serverSpan).toMatchObject({ kind: 'SERVER', spanId: SERVER_SPAN_ID, parentSpanId: f.roundTrip.spanId, serviceName: 'shop' });
  });

  it('counts recent traces of the service in the store as exported, leaving propagation unknown', () => {
    const f = facts('only-background');
    expect(f.spansExported).toBe(true);
    expect(f.exportedVia).toBe('jaeger');
    expect(f.contextPropagated).toBeNull();
  });

  it('does not fail a URL workload whose exporter it cannot see', () => {
    expect(results.get('unknown-exporter')!.probes.traces!.status).toBe('skip');
  });
});
