/**
 * `…/pods/{[scheme:]name[:port]}/proxy/{path}`: forwards to the pod's IP and port as the
 * API server's pods/proxy does (no port: the first declared container port), without
 * the caller's Authorization header. A pod without an IP is `400 address not allowed`; a
 * pod that does not answer is `503 error trying to reach service: dial tcp …`, the
 * Status apimachinery's proxy transport writes.
 *
 * One deliberate difference: a real server refuses pod IPs that are not global unicast
 * (so loopback); the stand-in's pods are loopback servers, so it proxies to them.
 */
import * as http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import type { KubeObject } from './object-store';
import { sendStatus, status } from './status';

const rec = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});
const arr = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? (v as Record<string, unknown>[]) : []);

/** `name`, `name:port`, `scheme:name:port`, as apimachinery's SplitSchemeNamePort reads them. */
export function splitSchemeNamePort(id: string): { scheme: string; name: string; port: string } | null {
  const parts = id.split(':');
  if (parts.length === 1) return { scheme: '', name: parts[0]!, port: '' };
  if (parts.length === 2) return { scheme: '', name: parts[0]!, port: parts[1]! };
  if (parts.length === 3 && (parts[0] === 'http' || parts[0] === 'https')) return { scheme: parts[0], name: parts[1]!, port: parts[2]! };
  return null;
}

function podIp(pod: KubeObject): string {
  const s = rec(pod.status);
  const ips = arr(s.podIPs);
  return ips.length > 0 ? String(ips[0]!.ip ?? '') : String(s.podIP ?? '');
}

function firstPort(pod: KubeObject): string {
  for (const c of arr(rec(pod.spec).containers)) {
    const ports = arr(c.ports);
    if (ports.length > 0) return String(ports[0]!.containerPort);
  }
  return '';
}

/** Counts of what went through, for tests. */
export interface ProxyCounters {
  requests: number;
}

export function handleProxy(req: IncomingMessage, res: ServerResponse, url: URL, pod: KubeObject, id: ReturnType<typeof splitSchemeNamePort> & object, rest: string, counters: ProxyCounters): void {
  counters.requests++;
  const ip = podIp(pod);
  if (isIP(ip) === 0) return sendStatus(res, status(400, 'BadRequest', 'address not allowed'));
  if (id.scheme === 'https') return sendStatus(res, status(503, 'ServiceUnavailable', 'error trying to reach service: the stand-in proxies plain HTTP only'));
  const port = id.port || firstPort(pod) || '80';
  const host = ip.includes(':') ? `[${ip}]` : ip;
  const headers = { ...req.headers };
  for (const h of ['authorization', 'host', 'connection']) delete headers[h];
  const upstream = http.request({ host: ip, port: Number(port), method: req.method, path: `${rest}${url.search}`, headers: { ...headers, host: `${host}:${port}` } }, (up) => {
    const location = up.headers.location;
    const out = { ...up.headers };
    // The proxy transport rewrites redirects that stay on the pod, so they come back through it.
    if (typeof location === 'string' && location.startsWith('/')) out.location = `${url.pathname.replace(/\/proxy(\/.*)?$/, '/proxy')}${location}`;
    res.writeHead(up.statusCode ?? 502, out);
    up.pipe(res);
  });
  upstream.on('error', (err: NodeJS.ErrnoException) => {
    const why = err.code === 'ECONNREFUSED' ? 'connect: connection refused' : err.message;
    sendStatus(res, status(503, 'ServiceUnavailable', `error trying to reach service: dial tcp ${host}:${port}: ${why}`));
  });
  res.on('close', () => upstream.destroy());
  req.pipe(upstream);
}
