/**
 * Log–trace correlation, joint with the traces probe: the bundled `ready` example logs
 * with pino and OpenTelemetry's pino instrumentation, so its request line carries the
 * trace id of an incoming `traceparent`. The test plays the traces probe's part.
 */
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import type { Facts, ProbeId } from '../../probes/types';
import { PACKAGE_ROOT } from '../../src/paths';
import { launchProcess, type Launched } from '../../src/targets/launch-process';
import type { Target } from '../../src/targets/target';
import { freePort } from '../support/binaries';
import { launchFixture, probe, stopAll } from '../support/logs';

let ready: Launched;
let target: Target;

beforeAll(async () => {
  const port = await freePort();
  const run = { command: [process.execPath, path.join(PACKAGE_ROOT, 'examples/workloads/ready/server.js')], env: { PORT: String(port) }, port };
  // Spans go to a closed port: exporting fails quietly, the context still reaches the logger.
  ready = await launchProcess({ name: 'ready', run, baseDir: PACKAGE_ROOT, otlpEndpoint: `http://127.0.0.1:${await freePort()}` });
  target = { name: 'ready', baseDir: PACKAGE_ROOT, url: `http://127.0.0.1:${port}`, config: { name: 'ready', run }, process: ready.process };
});
afterAll(() => ready.stop(500));
afterEach(stopAll);

async function roundTrip(url: string): Promise<Facts> {
  const traceId = randomBytes(16).toString('hex');
  const spanId = randomBytes(8).toString('hex');
  const sentAt = Date.now();
  const res = await fetch(`${url}/`, { headers: { traceparent: `00-${traceId}-${spanId}-01` } });
  await res.text();
  // The traces probe saw the workload's spans join this trace: the request was traced.
  return { roundTrip: { traceId, spanId, sentAt, answeredAt: Date.now(), status: res.status }, contextPropagated: true };
}

describe('log–trace correlation', () => {
  it('passes when the request log line carries the round trip trace id', async () => {
    const traces = await roundTrip(target.url!);
    const p = await probe(target, { windowMs: 300 }, new Map<ProbeId, Facts>([['traces', traces]]));
    expect(p.checks.logsTraceNotCorrelated!.status).toBe('pass');
    expect(p.checks.logsTraceNotCorrelated!.evidence[0]).toContain((traces.roundTrip as { traceId: string }).traceId);
    expect(p.checks.logsTraceIdsMissing!.status).toBe('pass');
  });

  it('fails when no line carries it', async () => {
    const other = await launchFixture('pino-json.js');
    const traces = { roundTrip: { traceId: randomBytes(16).toString('hex'), spanId: '00f067aa0ba902b7', sentAt: Date.now() - 50, answeredAt: Date.now() }, contextPropagated: true };
    const p = await probe(other, {}, new Map<ProbeId, Facts>([['traces', traces]]));
    expect(p.checks.logsTraceNotCorrelated!.status).toBe('fail');
    expect(p.checks.logsTraceNotCorrelated!.evidence[0]).toMatch(/no log line captured in .* carries trace id [0-9a-f]{32}; \d+ lines were written in it/);
  });

  it.each([
    ['no traces facts', undefined],
    ['no round trip', { roundTrip: null }],
    ['a malformed trace id', { roundTrip: { traceId: 'NOT-HEX', sentAt: 1, answeredAt: 2 }, contextPropagated: true }],
    // Regression (issue 10, point 1): it failed when the workload never traced the request at all.
    ['a request the workload did not trace', { roundTrip: { traceId: randomBytes(16).toString('hex'), spanId: '00f067aa0ba902b7', sentAt: 1, answeredAt: 2 }, contextPropagated: null }],
    ['a request traced in a trace of its own', { roundTrip: { traceId: randomBytes(16).toString('hex'), spanId: '00f067aa0ba902b7', sentAt: 1, answeredAt: 2 }, contextPropagated: false }],
  ])('is unknown with %s', async (_name, traces) => {
    const peers = new Map<ProbeId, Facts>(traces ? [['traces', traces as Facts]] : []);
    const p = await probe(target, {}, peers);
    expect(p.checks.logsTraceNotCorrelated!.status).toBe('unknown');
    expect(p.checks.logsTraceNotCorrelated!.evidence.join('\n')).not.toBe('');
  });
});
