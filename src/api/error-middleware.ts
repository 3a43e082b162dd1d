/** One place that maps errors to HTTP: coded errors keep their status, the rest are 500s. */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { DistroreadyError, isDistroreadyError } from '../errors';

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
  return (err: unknown, _req, res, _next) => {
    if (isDistroreadyError(err)) {
      // Every 503 here is transient (not probed yet, too many ad-hoc probes): say when to retry.
      if (err.httpStatus === 503) res.set('Retry-After', '5');
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

/** Body-parser's messages name neither the body nor the fix; these do. */
function bodyErrorMessage(err: Error & { type?: string; limit?: number }): string {
  if (err.type === 'entity.parse.failed') return `body is not valid JSON (${err.message}); send a JSON object`;
  if (err.type === 'entity.too.large') return `body is larger than the ${err.limit ?? 'configured'}-byte limit`;
  return `body: ${err.message}`;
}
