/**
 * Turns an API-supplied URL into a workload: a base URL and, when the URL has a path, that
 * path as its metrics endpoint. Nothing else — no `run`, no log command, no files — since
 * only the operator's config may launch processes or read files.
 */
import { DistroreadyError } from '../errors';
import type { WorkloadConfig } from '../targets/target';
import { workloadForUrl } from '../targets/workload-for-url';

/**
 * `field` names where the URL came from (`body.url`, `query.target`) in errors. A bare
 * `host:port` (as Prometheus relabelling produces) means `http://host:port`.
 */
export function adHocWorkload(raw: string, field: string): WorkloadConfig {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new DistroreadyError('BAD_REQUEST', `${field} "${raw}" is not a URL; give one like http://127.0.0.1:8080`, { field });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new DistroreadyError('BAD_REQUEST', `${field} must be an http:// or https:// URL, not ${url.protocol}`, { field });
  }
  if (url.username || url.password) {
    throw new DistroreadyError('BAD_REQUEST', `${field} must not carry credentials`, { field });
  }
  return workloadForUrl(url);
}

/** `logs,metrics` from a validated query parameter. */
export function probeList<T extends string>(value: unknown): T[] | undefined {
  return typeof value === 'string' && value !== '' ? (value.split(',') as T[]) : undefined;
}
