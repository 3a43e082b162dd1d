import type { Response } from 'supertest';
import { openApiDocument, type Operation } from '../../src/api/openapi';
import { compileAt, escapePointer, expectDocumented } from '../support/api/openapi-conformance';

/** The conformance check must be able to fail, or every API test's use of it proves nothing. */
describe('expectDocumented', () => {
  const response = (status: number, body: unknown, type = 'application/json'): Response =>
    ({ status, body, text: JSON.stringify(body), headers: { 'content-type': `${type}; charset=utf-8` } }) as unknown as Response;

  it('accepts a body that matches the document', () => {
    const summary = { workloads: 0, ready: 0, caveats: 0, notReady: 0, incomplete: 0 };
    expect(() => expectDocumented(response(200, { summary, workloads: [], next: null }), '/api/v1/workloads', 'get')).not.toThrow();
  });

  it.each([
    ['a body of the wrong shape', response(200, { workloads: [{ name: 'x', score: 'high' }] }), /does not match the document/],
    ['a bad timestamp', response(200, { workload: 'x', history: [{ sweepId: 's', probedAt: 'yesterday', score: 1, verdict: 'ready', probes: {} }] }), /probedAt must match format "date-time"/, '/api/v1/workloads/{name}/history'],
    ['an undocumented status', response(418, {}), /answered 418, which the document does not list/],
    ['an undocumented media type', response(200, '<html>', 'text/html'), /answered text\/html/],
  ])('rejects %s', (_case, res, error, path = '/api/v1/workloads') => {
    expect(() => expectDocumented(res, path, 'get')).toThrow(error);
  });
});

describe('the OpenAPI document', () => {
  const doc = openApiDocument() as { paths: Record<string, Record<string, Operation>> };
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));

  it('gives every operation a unique operationId', () => {
    const ids = operations.map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(operations.map((o) => [`${o.method.toUpperCase()} ${o.path}`, o]))('%s: every request and response schema compiles, with every $ref resolved', (_label, { path, method, op }) => {
    const base = `/paths/${escapePointer(path)}/${method}`;
    for (const [status, response] of Object.entries(op.responses)) {
      for (const type of Object.keys(response.content ?? {})) expect(() => compileAt(`${base}/responses/${status}/content/${escapePointer(type)}/schema`)).not.toThrow();
    }
    for (const type of Object.keys(op.requestBody?.content ?? {})) expect(() => compileAt(`${base}/requestBody/content/${escapePointer(type)}/schema`)).not.toThrow();
  });
});
