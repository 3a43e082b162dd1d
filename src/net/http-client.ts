/**
 * The one HTTP client probes use. Every request has a total deadline, a byte cap applied
 * after decompression, and a redirect limit with the address policy re-checked on every
 * hop. Connections are fresh (like blackbox_exporter's, so latency includes the connect)
 * unless the request carries its target's kept-alive connections (`connections`, see
 * target-connections.ts): then requests to that origin share them, and the response says
 * which paid a connect (`connectMs`). Failures are values, never exceptions: a hostile
 * workload yields a result to judge.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { normalizeIp, operatorPolicy, type AddressPolicy } from './address-policy';
import { classifyError, readBody } from './http-body';
import { deadlineSignal } from './deadline-signal';
import { resolvePermitted } from './resolve-permitted';
import type { TargetConnections } from './target-connections';

export interface HttpRequest {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** Total deadline for connect, headers, redirects and body. Default 10 s. */
  timeoutMs?: number;
  /** Cap on the (decompressed) body. Default 1 MiB. */
  maxBytes?: number;
  /** With `true`, a body over the cap is cut and returned with `truncated`; else an error. */
  allowTruncate?: boolean;
  /** Default 5; 0 returns the 3xx itself. */
  maxRedirects?: number;
  signal?: AbortSignal;
  /** The target's kept-alive connections: requests to their origin use them, others connect fresh. */
  connections?: TargetConnections;
}

export interface HttpResponse {
  /** The URL that answered, after redirects. */
  url: string;
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** The body was cut at `maxBytes`. */
  truncated: boolean;
  /** Every URL redirected through, in order. */
  redirects: string[];
  /** From the start of the first request to the last response's headers. */
  headersMs: number;
  /** From the start to the end of the body. */
  totalMs: number;
  /**
   * Time spent opening TCP connections, summed over hops, included in the times above;
   * `null` when every hop went over a connection already open (kept alive), so the times
   * above include no connect.
   */
  connectMs: number | null;
  /** Time spent waiting for one of the target's connections to be free (our own queueing), included in the times above. */
  queuedMs: number;
  /** The last hop's exchange as the server paced it (see `ExchangeTiming`). */
  timing: ExchangeTiming;
}

/**
 * The server's part of one exchange, apart from connecting and from our own delays: what
 * a scrape's cost on the target is. Timestamps are taken when this process's event loop
 * gets to them, so `busyMs` says how much of the exchange the loop spent busy (running
 * code, not waiting on I/O): our own work delayed the figures by at most that much.
 */
export interface ExchangeTiming {
  /** From the request written to the response head read (time to first byte). */
  ttfbMs: number;
  /** From the response head to the end of the body. */
  transferMs: number;
  /** Event-loop busy time from the start of the request to the end of the body. */
  busyMs: number;
}

export type HttpErrorCode =
  | 'invalid-url'
  | 'blocked'
  | 'dns'
  | 'refused'
  | 'reset'
  | 'timeout'
  | 'aborted'
  | 'too-large'
  | 'too-many-redirects'
  | 'protocol';

export interface HttpError {
  code: HttpErrorCode;
  message: string;
  url: string;
  redirects: string[];
  /** Status of the last response seen, when the failure came after headers. */
  status?: number;
  /** For `too-large`: the decompressed bytes read before reading stopped (the cap plus at most one chunk). */
  bytesRead?: number;
  elapsedMs: number;
}

export type HttpResult = { ok: true; response: HttpResponse } | { ok: false; error: HttpError };

export interface HttpClient {
  request(req: HttpRequest): Promise<HttpResult>;
  /**
   * Resolves `host` and applies the address policy, for probes that open raw TCP
   * connections: connect to the returned address, so DNS cannot change in between.
   */
  resolvePermitted(host: string): Promise<{ ok: true; address: string } | { ok: false; reason: string }>;
}

export interface HttpClientOptions {
  policy?: AddressPolicy;
  userAgent?: string;
  /** Headers and TLS material for one URL prefix only (see `Credentials`). */
  credentials?: Credentials;
}

/**
 * What a request needs to pass an authenticating proxy, such as a Kubernetes API
 * server's pods/proxy: sent only to URLs under `prefix` (checked on every hop), so a
 * redirect elsewhere never carries the token.
 */
export interface Credentials {
  prefix: string;
  headers: Record<string, string>;
  tls?: { ca?: string | Buffer; cert?: string | Buffer; key?: string | Buffer; rejectUnauthorized?: boolean; servername?: string };
}

export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const policy = options.policy ?? operatorPolicy;
  const userAgent = options.userAgent ?? 'distroready/0.1';
  return {
    request: (req) => requestWithRedirects(req, policy, userAgent, options.credentials),
    resolvePermitted: (host) => firstPermitted(host, policy),
  };
}

async function firstPermitted(host: string, policy: AddressPolicy): Promise<{ ok: true; address: string } | { ok: false; reason: string }> {
  const r = await resolvePermitted(host, policy);
  return r.ok ? { ok: true, address: r.addresses[0]!.address } : { ok: false, reason: r.reason };
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

async function requestWithRedirects(req: HttpRequest, policy: AddressPolicy, userAgent: string, credentials?: Credentials): Promise<HttpResult> {
  const started = performance.now();
  const timeoutMs = req.timeoutMs ?? 10_000;
  const { signal, done } = deadlineSignal(timeoutMs, req.signal);
  try {
    return await followRedirects(req, policy, userAgent, signal, started, timeoutMs, credentials);
  } finally {
    done();
  }
}

async function followRedirects(
  req: HttpRequest,
  policy: AddressPolicy,
  userAgent: string,
  signal: AbortSignal,
  started: number,
  timeoutMs: number,
  credentials: Credentials | undefined,
): Promise<HttpResult> {
  const maxRedirects = req.maxRedirects ?? 5;
  const redirects: string[] = [];
  let url = req.url;
  let method = req.method ?? 'GET';
  let body = req.body;
  const elapsed = (): number => Math.round(performance.now() - started);
  const fail = (code: HttpErrorCode, message: string, status?: number, bytesRead?: number): HttpResult => ({
    ok: false,
    error: { code, message, url, redirects, status, ...(bytesRead !== undefined ? { bytesRead } : {}), elapsedMs: elapsed() },
  });
  const spent: HopSpent = { connectMs: null, queuedMs: 0 };

  for (;;) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return fail('invalid-url', `not a valid URL: ${JSON.stringify(url)}`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      return fail('invalid-url', `only http and https are probed, not ${parsed.protocol}`);
    }
    const cred = credentials && parsed.href.startsWith(credentials.prefix) ? credentials : undefined;
    const hop = await oneRequest(parsed, { ...req, method, body }, policy, userAgent, signal, started, spent, cred);
    if (!hop.ok) {
      const reason = signal.aborted && hop.code !== 'too-large' ? timeoutOrAbort(req.signal, timeoutMs) : null;
      return fail(reason?.code ?? hop.code, reason?.message ?? hop.message, hop.status, hop.bytesRead);
    }
    const res = hop.response;
    if (!REDIRECTS.has(res.status) || maxRedirects === 0 || !res.headers.location) {
      return { ok: true, response: { ...res, url, redirects, connectMs: spent.connectMs, queuedMs: spent.queuedMs } };
    }
    if (redirects.length >= maxRedirects) {
      return fail('too-many-redirects', `stopped after ${maxRedirects} redirects`, res.status);
    }
    redirects.push(url);
    url = new URL(res.headers.location, url).toString();
    if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
      method = 'GET';
      body = undefined;
    }
  }
}

function timeoutOrAbort(callerSignal: AbortSignal | undefined, timeoutMs: number): { code: HttpErrorCode; message: string } {
  if (callerSignal?.aborted) return { code: 'aborted', message: 'cancelled before the response completed' };
  return { code: 'timeout', message: `no complete response within ${timeoutMs} ms` };
}

type HopResult =
  | { ok: true; response: Omit<HttpResponse, 'url' | 'redirects' | 'connectMs' | 'queuedMs'> }
  | { ok: false; code: HttpErrorCode; message: string; status?: number; bytesRead?: number };

/** Connect and queueing time of a request's hops, added up as they happen. */
interface HopSpent {
  connectMs: number | null;
  queuedMs: number;
}

/** The connect-time lookup: the same resolution and policy as every other connection, in callback form. */
function guardedLookup(policy: AddressPolicy, onDenied: (reason: string) => void): LookupFunction {
  return (hostname, options, callback) => {
    resolvePermitted(hostname, policy).then((r) => {
      if (!r.ok) {
        if (r.kind === 'denied') onDenied(r.reason);
        return callback(Object.assign(new Error(r.reason), { code: r.kind === 'denied' ? 'EDISALLOWED' : 'ENOTFOUND' }), '', 0);
      }
      if (options.all) return callback(null, r.addresses as never);
      const first = r.addresses[0]!;
      return callback(null, first.address, first.family);
    }, (err: Error) => callback(err, '', 0));
  };
}

const tenths = (ms: number): number => Math.round(ms * 10) / 10;

/** Errors that mean a kept-alive connection was closed by the target before our request reached it. */
const STALE_CONNECTION = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);
/** Methods safe to send twice (RFC 9110 §9.2.1): only these are retried. */
const RETRYABLE = new Set(['GET', 'HEAD', 'OPTIONS']);

function oneRequest(
  url: URL,
  req: HttpRequest,
  policy: AddressPolicy,
  userAgent: string,
  signal: AbortSignal,
  started: number,
  spent: HopSpent,
  cred?: Credentials,
): Promise<HopResult> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0) {
    const reason = policy.denies(normalizeIp(host), host);
    if (reason) return Promise.resolve({ ok: false, code: 'blocked', message: reason });
  }
  const maxBytes = req.maxBytes ?? 1024 * 1024;
  const pooled = req.connections && req.connections.origin === url.origin ? req.connections : undefined;
  return new Promise<HopResult>((resolve) => {
    let denied: string | null = null;
    let settled = false;
    // Kept so a failure after the headers (a body that never ends) still reports the status.
    let status: number | undefined;
    let keptAlive = false;
    const settle = (r: HopResult): void => {
      if (!settled) {
        settled = true;
        resolve(r);
      }
    };
    const loopAtStart = performance.eventLoopUtilization();
    let writtenAt = performance.now();
    let headAt: number | null = null;
    const timing = (): ExchangeTiming => ({
      ttfbMs: tenths(Math.max(0, (headAt ?? writtenAt) - writtenAt)),
      transferMs: tenths(performance.now() - (headAt ?? writtenAt)),
      busyMs: tenths(performance.eventLoopUtilization(loopAtStart).active),
    });
    const mod = url.protocol === 'https:' ? https : http;
    const headers: Record<string, string> = { 'user-agent': userAgent, 'accept-encoding': 'gzip, deflate', ...req.headers, ...cred?.headers };
    const asked = performance.now();
    const clientReq = mod.request(url, {
      method: req.method,
      headers,
      agent: pooled ? pooled.agent : false,
      signal,
      ...cred?.tls,
      lookup: guardedLookup(policy, (r) => (denied = r)),
      // Cert checks stay on: a probe of an https endpoint judges it as Prometheus would.
    });
    clientReq.on('socket', (socket) => {
      const at = performance.now();
      if (pooled) spent.queuedMs = tenths(spent.queuedMs + (at - asked));
      keptAlive = clientReq.reusedSocket || (pooled?.wasAdopted(socket) ?? false);
      if (!socket.connecting) return;
      socket.once('connect', () => {
        spent.connectMs = tenths((spent.connectMs ?? 0) + (performance.now() - at));
      });
    });
    clientReq.on('error', (err: NodeJS.ErrnoException) => {
      // Once headers are in, readBody owns the outcome (it may have cut the body on purpose).
      if (status !== undefined) return;
      if (denied) return settle({ ok: false, code: 'blocked', message: denied });
      // A kept-alive connection the target had closed: once more on a fresh one, as browsers do.
      if (keptAlive && STALE_CONNECTION.has(err.code ?? '') && RETRYABLE.has(req.method ?? 'GET') && !signal.aborted) {
        return void oneRequest(url, { ...req, connections: undefined }, policy, userAgent, signal, started, spent, cred).then(settle);
      }
      settle({ ok: false, ...classifyError(err), status });
    });
    // A server may answer before the request is all written (a rejected upload): the time to first byte is then 0.
    clientReq.on('finish', () => {
      if (headAt === null) writtenAt = performance.now();
    });
    clientReq.on('response', (res) => {
      headAt = performance.now();
      status = res.statusCode;
      const headersMs = Math.round(performance.now() - started);
      if (REDIRECTS.has(res.statusCode ?? 0) && res.headers.location) {
        res.resume();
        return settle({
          ok: true,
          response: { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.alloc(0), truncated: false, headersMs, totalMs: headersMs, timing: timing() },
        });
      }
      readBody(res, maxBytes, req.allowTruncate === true).then(
        (b) => {
          if (b.tooLarge) {
            return settle({ ok: false, code: 'too-large', message: `body larger than ${maxBytes} bytes (after decompression)`, status: res.statusCode, bytesRead: b.bytesRead });
          }
          settle({
            ok: true,
            response: {
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: b.body,
              truncated: b.truncated,
              headersMs,
              totalMs: Math.round(performance.now() - started),
              timing: timing(),
            },
          });
        },
        (err: NodeJS.ErrnoException) => settle({ ok: false, ...classifyError(err), status: res.statusCode }),
      );
    });
    clientReq.end(req.body);
  });
}
