/**
 * The traces probe through the real engine, against real workloads exporting with the
 * real OpenTelemetry SDK into a real receiver: the `ready` example over each of the three
 * OTLP transports, the same app with context extraction switched off (it starts its own
 * root traces), and the `legacy` example that does not trace at all.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadChecks } from '../../src/checks/load-checks';
import { parseConfig } from '../../src/config/load-config';
import { createEngine } from '../../src/engine/create-engine';
import type { CompactResult } from '../../src/model';
import { startOtlpReceiver, type OtlpReceiver } from '../../src/otlp/receiver';
import { silentLogger } from '../../src/telemetry/logger';
import { freePort } from '../support/binaries';

const ROOT = path.resolve(__dirname, '..', '..');
const example = (name: string): string => JSON.stringify(path.join(ROOT, 'examples', 'workloads', name, 'server.js'));

async function workload(name: string, app: string, extra: string, env: Record<string, string> = {}): Promise<string> {
  const port = await freePort();
  const envYaml = JSON.stringify({ PORT: String(port), ...env });
  return `  - name: ${name}
    run: { command: [${JSON.stringify(process.execPath)}, ${example(app)}], cwd: ${JSON.stringify(ROOT)}, env: ${envYaml}, port: ${port} }
${extra}`;
}

describe('traces probe on live workloads', () => {
  let receiver: OtlpReceiver;
  let results: Map<string, CompactResult>;
  // A workload distroready does not launch, and whose exporter it cannot see.
  const urlOnly = http.createServer((_req, res) => res.end('ok'));

  beforeAll(async () => {
    receiver = await startOtlpReceiver(
      { host: '127.0.0.1', port: 0, grpcPort: 0, maxBodyBytes: 4 * 1024 * 1024, maxSpans: 10_000, retentionMs: 60_000 },
      { logger: silentLogger() },
    );
    const workloads = await Promise.all([
      workload('ready-protobuf', 'ready', '    traces: { protocol: http/protobuf }'),
      workload('ready-json', 'ready', '    traces: { protocol: http/json }'),
      workload('ready-grpc', 'ready', '    traces: { protocol: grpc }'),
      workload('own-root-traces', 'ready', '    traces: { path: / }', { OTEL_PROPAGATORS: 'none' }),
      workload('no-tracing', 'legacy', ''),
      // An empty OTEL_SERVICE_NAME leaves the SDK to its default, unknown_service:<process>.
      workload('unnamed', 'ready', '', { OTEL_SERVICE_NAME: '' }),
    ]);
    await new Promise<void>((r) => urlOnly.listen(0, '127.0.0.1', () => r()));
    workloads.push(`  - { name: url-only, url: "http://127.0.0.1:${(urlOnly.address() as AddressInfo).port}" }`);
    const checks = loadChecks(undefined, ['traces']);
    const yaml = `sweep: { timeout: 25s }\nprobes: { traces: { waitMs: 15000 } }\nworkloads:\n${workloads.join('\n')}\n`;
    const config = parseConfig(yaml, path.join(tmpdir(), 'distroready-traces-test.yaml'), {}, checks.ids);
    const engine = createEngine({
      config,
      checks,
      logger: silentLogger(),
      only: ['traces'],
      services: { spanIndex: receiver.spanIndex },
      otlpEndpoint: receiver.httpUrl,
      otlpGrpcEndpoint: receiver.grpcUrl,
    });
    const sweep = await engine.sweep();
    results = new Map(sweep.results.map((r) => [r.name, r]));
  }, 60_000);
  afterAll(async () => {
    urlOnly.close();
    await receiver?.close();
  });

  const facts = (name: string) => results.get(name)!.probes.traces!.facts as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const check = (name: string, id: string) => results.get(name)!.checks.find((c) => c.id === id)!.status;

  it.each(['ready-protobuf', 'ready-json', 'ready-grpc'])('%s: spans arrive, as children of the span we sent', (name) => {
    const f = facts(name);
    expect(f.spansExported).toBe(true);
    expect(f.exportedVia).toBe('round-trip');
    expect(f.contextPropagated).toBe(true);
    expect(f.parentIsOurSpan).toBe(true);
    expect(f.serverSpan).toMatchObject({ kind: 'SERVER', traceId: f.roundTrip.traceId, parentSpanId: f.roundTrip.spanId, serviceName: name });
    expect(f.observedServiceName).toBe(name);
    expect(check(name, 'tracesNotExported')).toBe('pass');
    expect(check(name, 'tracesContextIgnored')).toBe('pass');
    expect(check(name, 'tracesServiceUnnamed')).toBe('pass');
    expect(f.httpMethodKey).toMatch(/^http\.(request\.)?method$/);
    expect(f.serverSpan.attributes['http.route']).toBe('/');
    expect(check(name, 'tracesHttpAttributesMissing')).toBe('pass');
  });

  it('says which transport the spans came over', () => {
    expect(['ready-protobuf', 'ready-json', 'ready-grpc'].map((name) => facts(name).receivedOver)).toEqual([['http/protobuf'], ['http/json'], ['grpc']]);
    expect(facts('own-root-traces').receivedOver).toEqual(['http/protobuf']);
    expect(facts('no-tracing').receivedOver).toEqual([]);
  });

  it('own-root-traces: exports, but serves our request in a new root trace', () => {
    const f = facts('own-root-traces');
    expect(f.spansExported).toBe(true);
    expect(f.exportedVia).toBe('new-root-trace');
    expect(f.contextPropagated).toBe(false);
    expect(f.serverSpan.traceId).not.toBe(f.roundTrip.traceId);
    expect(f.serverSpan.parentSpanId).toBeNull();
    expect(check('own-root-traces', 'tracesNotExported')).toBe('pass');
    expect(check('own-root-traces', 'tracesContextIgnored')).toBe('fail');
  });

  it('no-tracing: answers our request, exports nothing; propagation cannot be judged', () => {
    const f = facts('no-tracing');
    expect(f.roundTrip.status).toBe(200);
    expect(f.spansExported).toBe(false);
    expect(f.contextPropagated).toBeNull();
    expect(check('no-tracing', 'tracesNotExported')).toBe('fail');
    expect(check('no-tracing', 'tracesContextIgnored')).toBe('unknown');
    expect(results.get('no-tracing')!.probes.traces!.status).toBe('fail');
  });

  it('unnamed: spans arrive under unknown_service, which fails the naming check only', () => {
    const f = facts('unnamed');
    expect(f.spansExported).toBe(true);
    expect(f.contextPropagated).toBe(true);
    expect(f.observedServiceName).toMatch(/^unknown_service/);
    expect(check('unnamed', 'tracesServiceUnnamed')).toBe('fail');
    expect(results.get('unnamed')!.probes.traces!.status).toBe('warn');
  });

  it('url-only: silence from a workload that may export elsewhere is unknown, not a failure', () => {
    const f = facts('url-only');
    expect(f.roundTrip.status).toBe(200);
    expect(f.spansExported).toBeNull();
    expect(check('url-only', 'tracesNotExported')).toBe('unknown');
  });

  it('hands the logs probe a round trip it can correlate with', () => {
    for (const r of results.values()) {
      const rt = (r.probes.traces!.facts as { roundTrip: { traceId: string; spanId: string; sentAt: number; answeredAt: number; status: number } }).roundTrip;
      expect(rt.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(rt.spanId).toMatch(/^[0-9a-f]{16}$/);
      expect(rt.answeredAt).toBeGreaterThanOrEqual(rt.sentAt);
      expect(rt.status).toBe(200);
    }
  });
});
