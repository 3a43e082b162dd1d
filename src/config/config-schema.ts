/**
 * The config's JSON Schema, derived from the probe registry: each probe contributes its
 * per-workload keys and its `probes.<id>` options, so there is no second list to forget.
 */
import type { JsonSchema, Probe } from '../../probes/types';
import { SEVERITIES } from '../model';
import { DURATION_PATTERN } from '../duration';
import { kubernetesSchema } from '../targets/kubernetes/kubernetes-config';

const duration = (def: string): JsonSchema => ({ type: 'string', pattern: DURATION_PATTERN, default: def });
const port = (def: number): JsonSchema => ({ type: 'integer', minimum: 0, maximum: 65535, default: def });
const strict = (properties: Record<string, JsonSchema>, extra: JsonSchema = {}): JsonSchema => ({
  type: 'object',
  additionalProperties: false,
  properties,
  default: {},
  ...extra,
});

const runSchema: JsonSchema = strict(
  {
    command: { type: 'array', items: { type: 'string' }, minItems: 1 },
    cwd: { type: 'string' },
    env: { type: 'object', additionalProperties: { type: 'string' } },
    port: { type: 'integer', minimum: 1, maximum: 65535 },
    startTimeout: { type: 'string', pattern: DURATION_PATTERN },
  },
  { required: ['command'], default: undefined },
);

export function buildConfigSchema(probes: readonly Probe[]): JsonSchema {
  const workloadKeys: Record<string, JsonSchema> = {
    name: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$' },
    url: { type: 'string', pattern: '^https?://' },
    run: runSchema,
    // Free-form labels (team, tier, …); `report.groupBy` may name one.
    labels: { type: 'object', additionalProperties: { type: 'string', maxLength: 253 }, propertyNames: { pattern: '^[A-Za-z0-9][A-Za-z0-9_./-]{0,62}$' } },
    // Checks left out for this workload, reported as suppressed (never as passed).
    ignore: { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true },
  };
  const probeOptions: Record<string, JsonSchema> = {};
  for (const probe of probes) {
    Object.assign(workloadKeys, probe.workloadKeys);
    probeOptions[probe.id] = { ...probe.optionsSchema, default: {} };
  }
  const severityWeight = { type: 'number', minimum: 0 };
  return strict({
    server: strict({
      host: { type: 'string', default: '0.0.0.0' },
      port: port(8080),
      // Slow or idle clients are cut loose on these clocks; past maxConnections new sockets are closed.
      headersTimeout: duration('10s'),
      requestTimeout: duration('30s'),
      keepAliveTimeout: duration('5s'),
      maxConnections: { type: 'integer', minimum: 1, default: 1024 },
    }),
    otlp: strict({
      enabled: { type: 'boolean', default: true },
      host: { type: 'string', default: '0.0.0.0' },
      port: port(4318),
      grpcPort: port(4317),
      maxBodyBytes: { type: 'integer', minimum: 1024, default: 20 * 1024 * 1024 },
      maxSpans: { type: 'integer', minimum: 100, default: 100_000 },
      maxIndexBytes: { type: 'integer', minimum: 1024 * 1024, default: 128 * 1024 * 1024 },
      // Request bytes held at once by both transports; default four bodies at maxBodyBytes.
      maxInFlightBytes: { type: 'integer', minimum: 1024 },
      maxConnections: { type: 'integer', minimum: 1, default: 1024 },
      maxConcurrentStreams: { type: 'integer', minimum: 1, default: 16 },
      idleTimeout: duration('60s'),
      retention: duration('10m'),
    }),
    sweep: strict({
      interval: duration('60s'),
      concurrency: { type: 'integer', minimum: 1, maximum: 1024, default: 32 },
      timeout: duration('10s'),
    }),
    storage: strict({
      path: { type: 'string', default: './data/distroready.db' },
      retention: duration('720h'),
      // /readyz turns 503 after this many consecutive failed writes (a full or read-only disk).
      maxWriteFailures: { type: 'integer', minimum: 1, default: 3 },
    }),
    api: strict({
      token: { type: 'string' },
      allowTargets: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        // Loopback only until the operator names the networks an API caller may make us probe.
        default: ['127.0.0.0/8', '::1/128'],
      },
      protectReads: { type: 'boolean', default: false },
      protectMetrics: { type: 'boolean', default: false },
      // On-demand probes (GET /probe, POST /checks) at once, and how many may wait their turn.
      probeConcurrency: { type: 'integer', minimum: 1, maximum: 4096, default: 16 },
      probeQueue: { type: 'integer', minimum: 0, maximum: 100_000, default: 1024 },
    }),
    scoring: strict({
      weights: strict({
        critical: { ...severityWeight, default: 40 },
        important: { ...severityWeight, default: 30 },
        normal: { ...severityWeight, default: 20 },
        low: { ...severityWeight, default: 10 },
      }),
      readyScore: { type: 'number', minimum: 0, maximum: 100, default: 90 },
      notReadyBelow: { type: 'number', minimum: 0, maximum: 100, default: 50 },
    }),
    checks: {
      type: 'object',
      default: {},
      additionalProperties: strict(
        {
          severity: { enum: [...SEVERITIES] },
          enabled: { type: 'boolean' },
          params: { type: 'object', additionalProperties: { type: ['number', 'string', 'boolean'] } },
        },
        { default: undefined },
      ),
    },
    // How the dashboard and the reports group workloads: `namespace` (the part of a
    // discovered workload's name before its first "/"), `prefix` (a name up to its first
    // "-", "." or "_"), or the key of a workload label (`team`).
    report: strict({ groupBy: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_./-]{0,62}$', default: 'namespace' } }),
    probes: strict(probeOptions),
    kubernetes: kubernetesSchema,
    workloads: {
      type: 'array',
      default: [],
      items: strict(workloadKeys, { required: ['name'], default: undefined }),
    },
  });
}
