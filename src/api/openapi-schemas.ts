/**
 * JSON Schemas (2020-12, as OpenAPI 3.1 takes them) of the result model and the API's
 * bodies. Enums come from the probe registry and the model, never a second list.
 */
import { probeIds } from '../../probes';
import { CHECK_STATUSES, PROBE_STATUSES, SEVERITIES, VERDICTS, type ReportSummary } from '../model';
import { REACH_STATUSES } from '../targets/target';

type Schema = Record<string, unknown>;

const SUMMARY_KEYS: readonly (keyof ReportSummary)[] = ['workloads', 'ready', 'caveats', 'notReady', 'incomplete'];
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
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
      status: { enum: [...PROBE_STATUSES] },
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
      status: { enum: [...CHECK_STATUSES] },
      severity: { enum: [...SEVERITIES] },
      message: { type: 'string' },
      evidence: { type: 'array', items: { type: 'string' } },
      remediation: { type: 'string' },
      patch: { type: 'string' },
      gate: { const: true, description: 'A precondition: it gates the verdict and adds no weight to the score.' },
      suppressed: { type: 'object', required: ['reason', 'source'], properties: { reason: { type: 'string' }, source: { type: 'string' } } },
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
    required: ['name', 'score', 'verdict', 'blockers', 'reach', 'incomplete', 'probes', 'checks', 'probedAt', 'sweepId'],
    properties: {
      name: { type: 'string' },
      score: { type: ['number', 'null'], minimum: 0, maximum: 100, description: 'null when no check could be evaluated.' },
      verdict: { enum: [...VERDICTS] },
      blockers: { type: 'array', items: { type: 'string' }, description: 'Ids of failed critical checks, preconditions first.' },
      reach: {
        type: 'object',
        required: ['status', 'detail', 'evidence'],
        description: 'Whether the live workload was seen, decided before the probes ran.',
        properties: { status: { enum: [...REACH_STATUSES] }, detail: { type: 'string' }, evidence: { type: 'array', items: { type: 'string' } } },
      },
      incomplete: {
        type: 'array',
        description: 'What the verdict could not take into account, and the input that would complete it.',
        items: {
          type: 'object',
          required: ['reason', 'input'],
          properties: { probe: { enum: [...probeIds] }, reason: { type: 'string' }, input: { type: 'string' } },
        },
      },
      probes: { type: 'object', propertyNames: { enum: [...probeIds] }, additionalProperties: ref('ProbeResult') },
      checks: { type: 'array', items: ref('CheckResult') },
      probedAt: isoTime,
      sweepId: { type: 'string' },
      cluster: {
        type: 'object',
        required: ['namespace', 'kind', 'name', 'team', 'pod'],
        description: 'Where a workload discovered in a cluster lives (absent for configured workloads): its name is namespace/kind/name.',
        properties: { namespace: { type: 'string' }, kind: { type: 'string' }, name: { type: 'string' }, team: { type: ['string', 'null'] }, pod: { type: ['string', 'null'], description: 'The pod probed live.' } },
      },
    },
  },
  WorkloadSummary: {
    type: 'object',
    required: ['name', 'namespace', 'kind', 'team', 'score', 'verdict', 'blockers', 'reach', 'probes', 'probedAt'],
    properties: {
      name: { type: 'string' },
      namespace: { type: ['string', 'null'], description: 'For workloads discovered in a Kubernetes cluster.' },
      kind: { type: ['string', 'null'], description: "The controller's kind (Deployment, StatefulSet, …), for workloads discovered in a Kubernetes cluster." },
      team: { type: ['string', 'null'], description: 'The value of the kubernetes.teamLabel label, for cluster workloads that carry it.' },
      score: { type: ['number', 'null'], minimum: 0, maximum: 100 },
      verdict: { enum: [...VERDICTS] },
      blockers: { type: 'array', items: { type: 'string' } },
      reach: { enum: [...REACH_STATUSES] },
      probes: { type: 'object', propertyNames: { enum: [...probeIds] }, additionalProperties: { enum: [...PROBE_STATUSES] } },
      probedAt: isoTime,
    },
  },
  WorkloadList: {
    type: 'object',
    required: ['summary', 'workloads', 'next'],
    properties: {
      summary: ref('ReportSummary'),
      workloads: { type: 'array', items: ref('WorkloadSummary') },
      next: { type: ['string', 'null'], description: 'The cursor of the next page; null on the last.' },
    },
  },
  ReportSummary: {
    type: 'object',
    required: [...SUMMARY_KEYS],
    properties: Object.fromEntries(SUMMARY_KEYS.map((k) => [k, { type: 'integer', minimum: 0 }])),
  },
  HistoryEntry: {
    type: 'object',
    required: ['sweepId', 'probedAt', 'score', 'verdict', 'probes', 'changes'],
    properties: {
      sweepId: { type: 'string' },
      probedAt: isoTime,
      score: { type: ['number', 'null'] },
      verdict: { enum: [...VERDICTS] },
      probes: { type: 'object', propertyNames: { enum: [...probeIds] }, additionalProperties: { enum: [...PROBE_STATUSES] } },
      changes: {
        type: 'array',
        description: 'Checks whose status differs from the previous entry (every check, for the first).',
        items: { type: 'object', required: ['check', 'status'], properties: { check: { type: 'string' }, status: { enum: [...CHECK_STATUSES] } } },
      },
    },
  },
  History: {
    type: 'object',
    required: ['workload', 'history'],
    properties: { workload: { type: 'string' }, history: { type: 'array', items: ref('HistoryEntry'), description: 'Changes of state, newest first: each entry held until the next.' } },
  },
  Report: {
    type: 'object',
    required: ['version', 'generatedAt', 'summary', 'workloads'],
    properties: {
      version: { const: 1 },
      generatedAt: isoTime,
      summary: ref('ReportSummary'),
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
