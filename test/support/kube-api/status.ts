/** `Status` objects, the way a kube-apiserver answers every error. */
import type { ServerResponse } from 'node:http';

export type StatusReason = 'BadRequest' | 'Invalid' | 'Unauthorized' | 'Forbidden' | 'NotFound' | 'AlreadyExists' | 'Gone' | 'Expired' | 'MethodNotAllowed' | 'InternalError' | 'ServiceUnavailable' | 'Timeout';

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: StatusReason;
  details?: { name?: string; group?: string; kind?: string };
  code: number;
}

export function status(code: number, reason: StatusReason, message: string, details?: Status['details']): Status {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
}

export function sendStatus(res: ServerResponse, s: Status): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(s.code, { 'content-type': 'application/json', 'cache-control': 'no-cache, private' });
  res.end(JSON.stringify(s));
}

export function sendJson(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-cache, private' });
  res.end(text);
}
