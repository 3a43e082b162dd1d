/** One place that maps errors to HTTP: coded errors keep their status, the rest are 500s. */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { DistroreadyError, isDistroreadyError } from '../errors';
import { openApiDocument } from './openapi';

export interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

export function errorBody(err: DistroreadyError): ErrorBody {
  return { error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } };
}

export function notFoundHandler(): RequestHandler {
  return (req, _res, next) => next(new DistroreadyError('NOT_FOUND', `no route for ${req.method} ${req.path}`));
}

export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    // The router could not percent-decode a path parameter (`/workloads/%ff`): name it.
    if (err instanceof URIError) err = undecodableParam(req.originalUrl.split('?')[0]!);
    if (isDistroreadyError(err)) {
      // Every 503 here is transient (not probed yet, on-demand probes busy): say when to retry.
      if (err.httpStatus === 503) res.set('Retry-After', String(err.details?.retryAfterSeconds ?? 5));
      res.status(err.httpStatus).json(errorBody(err));
      return;
    }
    // Body-parser errors carry a status (400 for bad JSON, 413 for too large).
    const status = (err as { status?: number }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      res.status(status).json({ error: { code: status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST', message: bodyErrorMessage(err as Error & { type?: string }), details: { field: 'body' } } });
      return;
    }
    logger.error({ err }, 'request failed');
    res.status(500).json({ error: { code: 'INTERNAL', message: 'internal error; see the server log' } });
  };
}

/**
 * The parameter whose segment failed to decode, found by matching the path against the
 * OpenAPI templates (`/api/v1/workloads/{name}` → `path.name`).
 */
function undecodableParam(path: string): DistroreadyError {
  const segments = path.split('/');
  for (const template of Object.keys(openApiDocument().paths as object)) {
    const parts = template.split('/');
    if (parts.length !== segments.length) continue;
    const bad = parts.findIndex((p, i) => /^\{\w+\}$/.test(p) && !decodes(segments[i]!));
    if (bad < 0 || parts.some((p, i) => !p.startsWith('{') && p !== segments[i])) continue;
    const field = `path.${parts[bad]!.slice(1, -1)}`;
    return new DistroreadyError('BAD_REQUEST', `${field} is not valid percent-encoding (${JSON.stringify(segments[bad])}); encode it as UTF-8, e.g. with encodeURIComponent`, { field });
  }
  return new DistroreadyError('BAD_REQUEST', 'path is not valid percent-encoding; encode each segment as UTF-8, e.g. with encodeURIComponent', { field: 'path' });
}

function decodes(segment: string): boolean {
  try {
    decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

/** Body-parser's messages name neither the body nor the fix; these do. */
function bodyErrorMessage(err: Error & { type?: string; limit?: number }): string {
  if (err.type === 'entity.parse.failed') return `body is not valid JSON (${err.message}); send a JSON object`;
  if (err.type === 'entity.too.large') return `body is larger than the ${err.limit ?? 'configured'}-byte limit`;
  return `body: ${err.message}`;
}
