/**
 * Checks a real response against the OpenAPI document the service serves: the schema of
 * the documented status and media type must accept the body. An undocumented status or
 * media type is a failure too.
 */
import Ajv2020 from 'ajv/dist/2020';
import type { Response } from 'supertest';
import { openApiDocument } from '../../../src/api/openapi';

const ajv = new Ajv2020({ strict: false, allErrors: true });
// No ajv-formats offline: date-time is checked by hand, strictly enough for ISO 8601 output.
ajv.addFormat('date-time', (s: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(s) && !Number.isNaN(Date.parse(s)));
ajv.addSchema(openApiDocument(), 'openapi.json');

const escape = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** Compiles the schema at a JSON pointer into the document; throws when a `$ref` does not resolve. */
export function compileAt(pointer: string): ReturnType<typeof ajv.compile> {
  return ajv.compile({ $ref: `openapi.json#${pointer}` });
}

export { escape as escapePointer };

/** Throws with ajv's errors unless `res` matches `path` (template) / `method` in the document. */
export function expectDocumented(res: Response, path: string, method: 'get' | 'post'): void {
  const op = (openApiDocument().paths as Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>)[path]?.[method];
  if (!op) throw new Error(`${method.toUpperCase()} ${path} is not in the OpenAPI document`);
  const response = op.responses[String(res.status)];
  if (!response) throw new Error(`${method.toUpperCase()} ${path} answered ${res.status}, which the document does not list (${Object.keys(op.responses).join(', ')})`);
  const mediaType = String(res.headers['content-type'] ?? '').split(';')[0]!.trim();
  const content = response.content ?? {};
  const key = mediaType in content ? mediaType : `${mediaType.split('/')[0]}/*` in content ? `${mediaType.split('/')[0]}/*` : null;
  if (!key) throw new Error(`${method.toUpperCase()} ${path} ${res.status} answered ${mediaType}, not one of ${Object.keys(content).join(', ')}`);
  const validate = ajv.compile({ $ref: `openapi.json#/paths/${escape(path)}/${method}/responses/${res.status}/content/${escape(key)}/schema` });
  const body: unknown = key === 'application/json' ? res.body : res.text;
  if (!validate(body)) {
    throw new Error(`${method.toUpperCase()} ${path} ${res.status} does not match the document: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 500)}`);
  }
}
