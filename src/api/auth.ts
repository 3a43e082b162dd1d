/**
 * Bearer-token access. Endpoints that make distroready send traffic need `api.token` when
 * it is set; reads (the API's and the dashboard's) need it too with `api.protectReads`, and
 * `/metrics` with `api.protectMetrics`. Missing credentials are a 401,
 * a wrong token a 403, both with a JSON error; tokens are compared in constant time.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { DistroreadyError } from '../errors';

export interface AccessConfig {
  token?: string;
  protectReads: boolean;
  protectMetrics?: boolean;
}

/** Hashing first gives equal-length buffers, so neither length nor content leaks through timing. */
function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

export function requireToken(token: string | undefined): RequestHandler {
  if (!token) return (_req, _res, next) => next();
  const expected = digest(token);
  return (req, res, next) => {
    const header = req.get('authorization');
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) {
      res.set('WWW-Authenticate', 'Bearer realm="distroready"');
      throw new DistroreadyError(
        'UNAUTHORIZED',
        `${req.method} ${req.baseUrl}${req.path} needs "Authorization: Bearer <token>" with the token set in api.token`,
        { field: 'header.authorization' },
      );
    }
    if (!timingSafeEqual(digest(match[1]!), expected)) {
      throw new DistroreadyError('FORBIDDEN', 'the bearer token does not match api.token', { field: 'header.authorization' });
    }
    next();
  };
}

/** For read endpoints: open unless `api.protectReads` is set (and a token exists). */
export function readAccess(access: AccessConfig | undefined): RequestHandler {
  return requireToken(access?.protectReads ? access.token : undefined);
}

/** For `/metrics`: open unless `api.protectMetrics` is set (Prometheus sends the token as `authorization`). */
export function metricsAccess(access: AccessConfig | undefined): RequestHandler {
  return requireToken(access?.protectMetrics ? access.token : undefined);
}

/** For endpoints that send traffic: the token whenever one is set. */
export function trafficAccess(access: AccessConfig | undefined): RequestHandler {
  return requireToken(access?.token);
}
