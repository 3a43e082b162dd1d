/**
 * JSON Schemas (2020-12, as OpenAPI 3.1 takes them) of the result model and the API's
 * bodies. Enums come from the probe registry and the model, never a second list.
 */
import { probeIds } from '../../probes';

type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const PROBE_STATUSES = ['pass', 'warn', 'fail', 'error', 'skip'];
const VERDICTS = ['ready', 'caveats', 'not-ready'];
const isoTime: Schema = { type: 'string', format: 'date-time' };

export const schemas: Record<string, Schema> = {
  Error: {
    type: 'object',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message'],
        properties: {
          code: { type: 'string', description: 'Stable, machine-readable: NOT_FOUND, BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, UNAVAILABLE, …' },
          message: { type: 'string', description: 'What went wrong, where, and how to fix it.' },
          details: { type: 'object', description: 'For a bad request, `field` names the offending field.' },
        },
      },
    },
  },
  ProbeResult: {
    type: 'object',
    required: ['status', 'facts', 'durationMs'],
    properties: {
      status: { enum: PROBE_STATUSES },
      facts: { type: 'object', description: 'What the probe saw; shape depends on the probe.' },
      reason: { type: 'string', description: 'Why the probe errored or was skipped.' },
      durationMs: { type: 'number', minimum: 0 },
    },
  },
  CheckResult: {
    type: 'object',
    required: ['id', 'probe', 'status', 'severity', 'message', 'evidence', 'remediation'],
    properties: {
      id: { type: 'string' },
      probe: { enum: [...probeIds] },
      status: { enum: ['pass', 'fail', 'unknown'] },
      severity: { enum: ['critical', 'important', 'normal', 'low'] },
      message: { type: 'string' },
      evidence: { type: 'array', items: { type: 'string' } },
      remediation: { type: 'string' },
      patch: { type: 'string' },
      locations: {
        type: 'array',
        items: {
          type: 'object',
          required: ['file', 'line'],
          properties: { file: { type: 'string' }, line: { type: 'integer', minimum: 1 }, column: { type: 'integer', minimum: 1 } },
        },
      },
    },
  },
  WorkloadResult: {
    type: 'object',
    required: ['name', 'score', 'verdict', 'blockers', 'probes', 'checks', 'probedAt', 'sweepId'],
    properties: {
      name: { type: 'string' },
      score: { type: ['number', 'null'], minimum: 0, maximum: 100, description: 'null when no check could be evaluated.' },
      verdict: { enum: VERDICTS },
      blockers: { type: 'array', items: { type: 'string' }, description: 'Ids of failed critical checks.' },
      probes: { type: 'object', propertyNames: { enum: [...probeIds] }, additionalProperties: ref('ProbeResult') },
      checks: { type: 'array', items: ref('CheckResult') },
      probedAt: isoTime,
      sweepId: { type: 'string' },
    },
  },
  WorkloadList: {
    type: 'object',
    required: ['workloads'],
    properties: { workloads: { type: 'array', items: ref('WorkloadResult') } },
  },
  HistoryEntry: {
    type: 'object',
    required: ['sweepId', 'probedAt', 'score', 'verdict', 'probes'],
    properties: {
      sweepId: { type: 'string' },
      probedAt: isoTime,
      score: { type: ['number', 'null'] },
      verdict: { enum: VERDICTS },
      probes: { type: 'object', propertyNames: { enum: [...probeIds] }, additionalProperties: { enum: PROBE_STATUSES } },
    },
  },
  History: {
    type: 'object',
    required: ['workload', 'history'],
    properties: { workload: { type: 'string' }, history: { type: 'array', items: ref('HistoryEntry'), description: 'Newest first.' } },
  },
  Report: {
    type: 'object',
    required: ['version', 'generatedAt', 'summary', 'workloads'],
    properties: {
      version: { const: 1 },
      generatedAt: isoTime,
      summary: {
        type: 'object',
        required: ['workloads', 'ready', 'caveats', 'notReady'],
        properties: Object.fromEntries(['workloads', 'ready', 'caveats', 'notReady'].map((k) => [k, { type: 'integer', minimum: 0 }])),
      },
      workloads: { type: 'array', items: ref('WorkloadResult') },
    },
  },
  CheckRequest: {
    type: 'object',
    required: ['url'],
    additionalProperties: false,
    properties: {
      url: {
        type: 'string',
        pattern: '^https?://',
        maxLength: 2048,
        description: 'The workload\'s base URL; a path (…/metrics) is also taken as its metrics endpoint. Must resolve inside api.allowTargets.',
      },
      probes: { type: 'array', items: { enum: [...probeIds] }, minItems: 1, uniqueItems: true, description: 'Only these probes; all by default.' },
    },
  },
  Status: {
    type: 'object',
    required: ['status'],
    properties: { status: { type: 'string' }, reason: { type: 'string' } },
  },
};
