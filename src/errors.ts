/**
 * The catalogue of coded errors raised at the edges (config, CLI, API). Inside the engine
 * errors are values; these are for the places where a person or a client must be told.
 * One middleware (`src/api/error-middleware.ts`) maps `httpStatus` to the response.
 */

export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'CONFIG_NOT_FOUND'
  | 'CHECKS_INVALID'
  | 'USAGE'
  | 'NOT_FOUND'
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'CONFLICT'
  | 'UNAVAILABLE'
  | 'PORT_IN_USE'
  /** A Kubernetes API server that cannot be read (unreachable, 401/403, timeout, too large). */
  | 'CLUSTER_UNAVAILABLE';

const HTTP_STATUS: Record<ErrorCode, number> = {
  CONFIG_INVALID: 500,
  CONFIG_NOT_FOUND: 500,
  CHECKS_INVALID: 500,
  USAGE: 400,
  NOT_FOUND: 404,
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  CONFLICT: 409,
  UNAVAILABLE: 503,
  PORT_IN_USE: 500,
  CLUSTER_UNAVAILABLE: 503,
};

export class DistroreadyError extends Error {
  readonly code: ErrorCode;
  /** Extra structured detail for API clients (e.g. the offending field). */
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'DistroreadyError';
    this.code = code;
    this.details = details;
  }

  get httpStatus(): number {
    return HTTP_STATUS[this.code];
  }
}

export function isDistroreadyError(err: unknown): err is DistroreadyError {
  return err instanceof DistroreadyError;
}
