/**
 * Check fixtures produced by running the probes on real servers, not written by hand: one
 * sweep over the bundled examples (`ready`: pino JSON logs, prom-client metrics,
 * OpenTelemetry traces, /livez and /readyz; `legacy`: console.log and nothing else), each
 * probe's facts held to its full facts schema, and every check's outcome to what an expert
 * says of these two programs.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv';
import { probes } from '../../probes';
import type { WorkloadResult } from '../../src/model';
import { sweepYaml } from '../support/sweep-config';
import { freePort } from '../support/binaries';

const ROOT = path.resolve(__dirname, '..', '..');
const ex = (p: string): string => JSON.stringify(path.join(ROOT, 'examples', 'workloads', p));

let results: Record<string, WorkloadResult>;

beforeAll(async () => {
  const [readyPort, legacyPort] = await Promise.all([freePort(), freePort()]);
  const yaml = `
sweep: { timeout: 15s }
storage: { path: ${JSON.stringify(path.join(mkdtempSync(path.join(tmpdir(), 'distroready-live-')), 'h.db'))} }
workloads:
  - name: ready
    run: { command: [${JSON.stringify(process.execPath)}, ${ex('ready/server.js')}], env: { PORT: "${readyPort}" }, port: ${readyPort} }
    health: { liveness: /livez, readiness: /readyz }
    dockerfile: ${ex('ready/Dockerfile')}
    manifests: [${ex('ready/deployment.yaml')}]
  - name: legacy
    run: { command: [${JSON.stringify(process.execPath)}, ${ex('legacy/server.js')}], env: { PORT: "${legacyPort}" }, port: ${legacyPort} }
    dockerfile: ${ex('legacy/Dockerfile')}
    manifests: [${ex('legacy/deployment.yaml')}]
`;
  const swept = await sweepYaml(yaml, undefined, { receiver: true });
  results = Object.fromEntries(swept.map((r) => [r.name, r]));
}, 90_000);

describe.each(['ready', 'legacy'])('the %s example, probed live', (name) => {
  it.each(probes.filter((p) => p.facts).map((p) => [p.id, p] as const))('gives %s facts that match its full facts schema', (_id, probe) => {
    const result = results[name]!.probes[probe.id]!;
    expect(result.status).not.toBe('error');
    const validate = new Ajv({ strict: false, allErrors: true }).compile(probe.facts!);
    expect(validate(result.facts) ? null : validate.errors).toBeNull();
  });
});

/**
 * What an expert expects of the logs, traces and health checks of each example, written
 * from what the programs do (examples/workloads/<name>/server.js), not from a run.
 */
const EXPECTED: Record<string, Record<string, string>> = {
  ready: {
    // Started by distroready and listening: the gate passes, the url gate does not apply.
    healthWorkloadNotStarted: 'pass',
    healthTargetUnreachable: 'unknown',
    // pino JSON on stdout with time, level, msg; one schema; trace ids from the pino instrumentation.
    logsNotOnStdout: 'pass',
    logsNotStructured: 'pass',
    logsFieldsMissing: 'pass',
    logsSchemaInconsistent: 'pass',
    logsTraceIdsMissing: 'pass',
    logsTraceNotCorrelated: 'pass',
    logsSecretsExposed: 'pass',
    logsLinesMangled: 'pass',
    // It throws no error while probed: nothing to judge about stack traces.
    logsStackTracesUnstructured: 'unknown',
    // The OTel SDK exports to distroready's receiver, the http instrumentation honours traceparent.
    tracesNotExported: 'pass',
    tracesContextIgnored: 'pass',
    tracesServiceUnnamed: 'pass',
    tracesHttpAttributesMissing: 'pass',
    // /livez and /readyz, distinct, fast, 200 with bodies that agree.
    healthLivenessMissing: 'pass',
    healthReadinessMissing: 'pass',
    healthLivenessFailing: 'pass',
    healthReadinessFailing: 'pass',
    healthEndpointsIdentical: 'pass',
    healthBodyContradictsStatus: 'pass',
    // healthSlow is left out: on a loaded test machine it times the machine, not the example.
    // node on the nodejs image: its libraries come with the image; the final stage is distroless already.
    baseNeedsUnshippedLibraries: 'pass',
    baseMuslBinary: 'pass',
    baseNeedsMissingFiles: 'pass',
    baseFullOsImage: 'pass',
  },
  legacy: {
    healthWorkloadNotStarted: 'pass',
    // console.log of plain text on stdout: it reaches stdout, it is not structured.
    logsNotOnStdout: 'pass',
    logsNotStructured: 'fail',
    // No structured line: fields, schema and trace ids of structured lines cannot be judged.
    logsFieldsMissing: 'unknown',
    logsSchemaInconsistent: 'unknown',
    logsTraceIdsMissing: 'unknown',
    // It does not trace, so no request of ours was traced: nothing to correlate.
    logsTraceNotCorrelated: 'unknown',
    // Launched by distroready with the OTLP endpoint set, it sends nothing: a real failure.
    tracesNotExported: 'fail',
    tracesContextIgnored: 'unknown',
    tracesServiceUnnamed: 'unknown',
    // No health endpoint at all: both missing, the rest has nothing to judge.
    healthLivenessMissing: 'fail',
    healthReadinessMissing: 'fail',
    healthLivenessFailing: 'unknown',
    healthReadinessFailing: 'unknown',
    healthEndpointsIdentical: 'unknown',
    healthSlow: 'unknown',
    healthBodyContradictsStatus: 'unknown',
    // The same node process, but FROM ubuntu:22.04: a tier 1 final stage, the migration itself.
    baseNeedsUnshippedLibraries: 'pass',
    baseMuslBinary: 'pass',
    baseNeedsMissingFiles: 'pass',
    baseFullOsImage: 'fail',
  },
};

describe.each(Object.entries(EXPECTED))('the %s example is judged as an expert would', (name, expected) => {
  it('has the expected check outcomes', () => {
    const got = Object.fromEntries(results[name]!.checks.map((c) => [c.id, c.status]));
    expect(Object.fromEntries(Object.keys(expected).map((id) => [id, got[id]]))).toEqual(expected);
  });
});
