/**
 * Request validation against the OpenAPI document: path and query parameters (coerced from
 * strings) and the JSON body. A bad request is a 400 whose message and `details.field`
 * name the field, e.g. `body.probes[1]`. Validators compile when routes are built, so a
 * bad schema fails at start, never during a request.
 */
import type { RequestHandler } from 'express';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import { DistroreadyError } from '../errors';
import { openApiDocument, operation } from './openapi';

const compilers = new Map<boolean, Ajv2020>();
/** Parameters arrive as strings and are coerced; a JSON body must have the right types as sent. */
function compiler(coerce: boolean): Ajv2020 {
  let ajv = compilers.get(coerce);
  if (!ajv) {
    ajv = new Ajv2020({ allErrors: false, strict: false, verbose: true, coerceTypes: coerce, useDefaults: true, validateFormats: false });
    ajv.addSchema(openApiDocument(), 'openapi.json');
    compilers.set(coerce, ajv);
  }
  return ajv;
}

/** Validated, coerced query values, for the handler (Express recomputes `req.query`). */
export interface Validated {
  query: Record<string, unknown>;
}

export function validated(locals: Record<string, unknown>): Validated {
  return (locals.validated as Validated | undefined) ?? { query: {} };
}

export function validateRequest(path: string, method: 'get' | 'post'): RequestHandler {
  const op = operation(path, method);
  // The REST API refuses query parameters it does not know (a typo must not silently
  // widen a filter); /probe takes extras, as Prometheus relabelling may add them.
  const strictQuery = path.startsWith('/api/v1/');
  const params = (where: 'path' | 'query'): ValidateFunction | null => {
    const list = (op.parameters ?? []).filter((p) => p.in === where);
    if (list.length === 0 && !(where === 'query' && strictQuery)) return null;
    return compiler(true).compile({
      type: 'object',
      properties: Object.fromEntries(list.map((p) => [p.name, p.schema])),
      required: list.filter((p) => p.required).map((p) => p.name),
      ...(where === 'query' && strictQuery ? { additionalProperties: false } : {}),
    });
  };
  const pathCheck = params('path');
  const queryCheck = params('query');
  const bodySchema = op.requestBody?.content['application/json']?.schema;
  const bodyCheck = bodySchema ? compiler(false).compile({ $ref: `openapi.json#/paths/${pointer(path)}/${method}/requestBody/content/application~1json/schema` }) : null;
  return (req, res, next) => {
    if (pathCheck && !pathCheck({ ...req.params })) throw badRequest('path', pathCheck.errors);
    const query = { ...(req.query as Record<string, unknown>) };
    if (queryCheck && !queryCheck(query)) throw badRequest('query', queryCheck.errors);
    if (bodyCheck) {
      if (!req.is('application/json')) {
        throw new DistroreadyError('BAD_REQUEST', 'body: send a JSON body with Content-Type: application/json', { field: 'body' });
      }
      if (!bodyCheck(req.body)) throw badRequest('body', bodyCheck.errors);
    }
    res.locals.validated = { query } satisfies Validated;
    next();
  };
}

function pointer(path: string): string {
  return path.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** `body.probes[1]: must be one of logs, metrics, …` from ajv's first error. */
function badRequest(where: 'path' | 'query' | 'body', errors: ErrorObject[] | null | undefined): DistroreadyError {
  const e = errors?.[0];
  if (!e) return new DistroreadyError('BAD_REQUEST', `${where}: invalid`, { field: where });
  let field = where + e.instancePath.replace(/\/(\d+)(?=\/|$)/g, '[$1]').replace(/\//g, '.');
  let problem = e.message ?? 'is invalid';
  switch (e.keyword) {
    case 'required':
      field += `.${(e.params as { missingProperty: string }).missingProperty}`;
      problem = 'is required';
      break;
    case 'additionalProperties':
      field += `.${(e.params as { additionalProperty: string }).additionalProperty}`;
      problem = `is not a known ${where === 'query' ? 'query parameter' : 'field'}; allowed: ${Object.keys((e.parentSchema as { properties?: object }).properties ?? {}).join(', ') || 'none'}`;
      break;
    case 'enum':
      problem = `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
      break;
    case 'pattern':
      problem = where === 'body' && field === 'body.url' ? 'must be an http:// or https:// URL' : `must match ${(e.params as { pattern: string }).pattern}`;
      break;
  }
  return new DistroreadyError('BAD_REQUEST', `${field} ${problem}`, { field });
}
