/**
 * The OpenAPI 3.1 document served at `/api/v1/openapi.json`. It is also what requests are
 * validated against (`validate-request.ts`) and what the tests check responses against,
 * so the document cannot drift from the service.
 */
import { probeIds } from '../../probes';
import { PROBE_STATUSES, VERDICTS } from '../model';
import { REPORT_FORMATS, REPORT_MEDIA_TYPES } from '../report/render';
import { schemas } from './openapi-schemas';

type Schema = Record<string, unknown>;

export interface Parameter {
  name: string;
  in: 'path' | 'query';
  required?: boolean;
  description?: string;
  schema: Schema;
}

export interface Operation {
  operationId: string;
  summary: string;
  parameters?: Parameter[];
  requestBody?: { required: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: Schema }> }>;
  security?: Record<string, string[]>[];
}

const json = (schema: Schema): { 'application/json': { schema: Schema } } => ({ 'application/json': { schema } });
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const error = (description: string): { description: string; content: ReturnType<typeof json> } => ({ description, content: json(ref('Error')) });
const text = (description: string): Operation['responses'][string] => ({ description, content: { 'text/plain': { schema: { type: 'string' } } } });

const workloadName: Parameter = { name: 'name', in: 'path', required: true, description: 'A workload name from the config.', schema: { type: 'string', maxLength: 63 } };
const probesQuery: Parameter = {
  name: 'probes',
  in: 'query',
  description: `Comma-separated probe ids (${probeIds.join(', ')}); all by default.`,
  schema: { type: 'string', pattern: `^(${probeIds.join('|')})(,(${probeIds.join('|')}))*$` },
};
/** Endpoints that make distroready send traffic take the bearer token when `api.token` is set. */
const traffic = {
  security: [{ bearer: [] }],
  unauthorized: error('Authorization: Bearer <api.token> missing (only when api.token is set).'),
  forbidden: error('Wrong token, or a target outside api.allowTargets.'),
};

/** One media type per report format, from the renderers' own table. */
function reportContent(): Record<string, { schema: Schema }> {
  const content: Record<string, { schema: Schema }> = {};
  for (const format of REPORT_FORMATS) {
    const type = REPORT_MEDIA_TYPES[format].split(';')[0]!.trim();
    content[type] = { schema: format === 'json' ? ref('Report') : { type: 'string' } };
  }
  return content;
}

function paths(): Record<string, Record<string, Operation>> {
  return {
    '/api/v1/workloads': {
      get: {
        operationId: 'listWorkloads',
        summary: 'A summary of each configured workload\'s latest result (name, score, verdict, blockers, probe statuses), filtered and paged; the full result is at /api/v1/workloads/{name}.',
        parameters: [
          { name: 'namespace', in: 'query', description: 'Only workloads of these Kubernetes namespaces (comma-separated).', schema: { type: 'string', maxLength: 2048 } },
          { name: 'verdict', in: 'query', description: `Only these verdicts (comma-separated: ${VERDICTS.join(', ')}).`, schema: { type: 'string', maxLength: 256 } },
          {
            name: 'probe',
            in: 'query',
            description: `probe:status conditions, comma-separated (e.g. health:fail,health:warn,metrics:unknown): statuses of one probe are alternatives, different probes must all match. Statuses: ${PROBE_STATUSES.join(', ')}.`,
            schema: { type: 'string', maxLength: 1024 },
          },
          { name: 'limit', in: 'query', description: 'Workloads per page.', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
          { name: 'cursor', in: 'query', description: 'The `next` of the previous page.', schema: { type: 'string', minLength: 1, maxLength: 1024 } },
        ],
        responses: {
          '200': { description: 'One page of summaries, in code-point order of the names; `summary` counts every match.', content: json(ref('WorkloadList')) },
          '400': error('An unknown query parameter, a bad filter or a cursor this API did not give out; details.field names it.'),
        },
      },
    },
    '/api/v1/targets': {
      get: {
        operationId: 'listTargets',
        summary: 'The workloads judged here, in Prometheus HTTP service discovery format (targets grouped by namespace, kind and team labels), for a scrape job over /probe.',
        responses: { '200': { description: 'Target groups.', content: json({ type: 'array', items: { type: 'object', required: ['targets', 'labels'], properties: { targets: { type: 'array', items: { type: 'string' } }, labels: { type: 'object', additionalProperties: { type: 'string' } } } } }) } },
      },
    },
    '/api/v1/workloads/{name}': {
      get: {
        operationId: 'getWorkload',
        summary: 'The latest result of one workload.',
        parameters: [workloadName],
        responses: { '200': { description: 'Its latest result.', content: json(ref('WorkloadResult')) }, '404': error('No such workload in the config.'), '503': error('Not probed yet.') },
      },
    },
    '/api/v1/workloads/{name}/history': {
      get: {
        operationId: 'getWorkloadHistory',
        summary: 'Score, verdict and per-probe status over time, newest first.',
        parameters: [workloadName, { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } }],
        responses: { '200': { description: 'Its history.', content: json(ref('History')) }, '400': error('Bad limit.'), '404': error('No such workload in the config.') },
      },
    },
    '/api/v1/workloads/{name}/probe': {
      post: {
        operationId: 'probeWorkload',
        summary: 'Runs the workload\'s probes now, stores and returns the result.',
        parameters: [workloadName],
        security: traffic.security,
        responses: { '200': { description: 'The fresh result.', content: json(ref('WorkloadResult')) }, '401': traffic.unauthorized, '403': traffic.forbidden, '404': error('No such workload in the config.') },
      },
    },
    '/api/v1/checks': {
      post: {
        operationId: 'checkTarget',
        summary: 'Probes an ad-hoc URL (inside api.allowTargets) and returns its result; nothing is stored.',
        security: traffic.security,
        requestBody: { required: true, content: json(ref('CheckRequest')) },
        responses: {
          '200': { description: 'The target\'s result.', content: json(ref('WorkloadResult')) },
          '400': error('Invalid body; details.field names the field.'),
          '401': traffic.unauthorized,
          '403': traffic.forbidden,
          '503': error('Too many ad-hoc probes in flight; retry.'),
        },
      },
    },
    '/api/v1/report': {
      get: {
        operationId: 'getReport',
        summary: 'The readiness report of the latest results.',
        parameters: [{ name: 'format', in: 'query', schema: { enum: [...REPORT_FORMATS], default: 'json' } }],
        responses: {
          '200': { description: 'The report in the chosen format; JSON follows the Report schema.', content: reportContent() },
          '400': error('Unknown format.'),
        },
      },
    },
    '/api/v1/openapi.json': {
      get: { operationId: 'getOpenApi', summary: 'This document.', responses: { '200': { description: 'OpenAPI 3.1.', content: json({ type: 'object' }) } } },
    },
    '/probe': {
      get: {
        operationId: 'probeTargetMetrics',
        summary: 'Probes one target now and answers its readiness as Prometheus metrics (multi-target exporter pattern, like blackbox_exporter).',
        parameters: [{ name: 'target', in: 'query', required: true, description: 'URL, or host:port for http://host:port, or the name of a workload judged here (namespace/kind/name for one found in a cluster).', schema: { type: 'string', minLength: 1, maxLength: 2048 } }, probesQuery],
        security: traffic.security,
        responses: { '200': text('Prometheus text format.'), '400': error('Missing or bad target.'), '401': traffic.unauthorized, '403': traffic.forbidden, '503': error('Too many ad-hoc probes in flight; retry.') },
      },
    },
    '/': { get: { operationId: 'getDashboard', summary: 'The dashboard: the live report, readable with JavaScript off.', responses: { '200': { description: 'HTML.', content: { 'text/html': { schema: { type: 'string' } } } } } } },
    '/metrics': { get: { operationId: 'getMetrics', summary: 'distroready\'s own metrics and the last sweep\'s scores.', responses: { '200': text('Prometheus text format.') } } },
    '/healthz': { get: { operationId: 'getHealthz', summary: 'Liveness.', responses: { '200': { description: 'Alive.', content: json(ref('Status')) } } } },
    '/readyz': {
      get: {
        operationId: 'getReadyz',
        summary: 'Readiness: config loaded and the first sweep done.',
        responses: { '200': { description: 'Ready.', content: json(ref('Status')) }, '503': { description: 'Not ready, with the reason.', content: json(ref('Status')) } },
      },
    },
  };
}

let cached: Schema | null = null;

/** The document, built once. */
export function openApiDocument(): Schema {
  cached ??= {
    openapi: '3.1.0',
    info: {
      title: 'distroready',
      version: '1',
      description: 'Whether each workload can move to a shell-less (distroless) image, and what stands in the way.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    paths: paths(),
    components: { schemas, securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'api.token (or $DISTROREADY_TOKEN); required only when it is set: by the traffic-sending endpoints always, by reads and the dashboard with api.protectReads, by /metrics with api.protectMetrics.' } } },
  };
  return cached;
}

/** The operation at `path` (template) and `method`, for the request validator. */
export function operation(path: string, method: 'get' | 'post'): Operation {
  const op = (openApiDocument().paths as Record<string, Record<string, Operation>>)[path]?.[method];
  if (!op) throw new Error(`the OpenAPI document has no ${method.toUpperCase()} ${path}`);
  return op;
}
