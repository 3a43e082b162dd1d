/**
 * The bounded client distroready talks to the API server with: every request has a
 * deadline and a byte cap, a watch has a per-event cap and an idle timeout, and every
 * failure is a value naming what failed — a cluster that hangs, resets, answers 401/403
 * or sends 50 MB is normal input. TLS material and the Authorization header come from
 * the kubeconfig (ClusterAccess) for each request, so rotated tokens are picked up.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { readCappedBody } from '../../net/capped-body';
import type { ClusterAccess } from './kube-config';

export type KubeErrorKind = 'unreachable' | 'tls' | 'timeout' | 'reset' | 'unauthorized' | 'forbidden' | 'not-found' | 'gone' | 'too-large' | 'status' | 'invalid';

export interface KubeError {
  kind: KubeErrorKind;
  /** `GET /api/v1/pods?limit=500`. */
  request: string;
  status: number | null;
  /** The Status `reason` when the server sent one. */
  reason: string | null;
  message: string;
}

export type KubeResult<T> = { ok: true; value: T } | { ok: false; error: KubeError };

export interface KubeClient {
  access: ClusterAccess;
  getJson<T>(path: string, o?: RequestBounds): Promise<KubeResult<T>>;
  postJson<T>(path: string, body: unknown, o?: RequestBounds): Promise<KubeResult<T>>;
  getText(path: string, o?: RequestBounds): Promise<KubeResult<{ text: Buffer; truncated: boolean }>>;
  /** Streams newline-delimited JSON; resolves when the stream ends, fails or is aborted. */
  stream(path: string, onLine: (line: string) => void, o: StreamBounds): Promise<KubeResult<{ lines: number }>>;
  /** Closes the kept-alive connections. */
  close(): void;
}

export interface RequestBounds {
  timeoutMs?: number;
  maxBytes?: number;
  /** Cut the body at `maxBytes` instead of failing (logs). */
  allowTruncate?: boolean;
  signal?: AbortSignal;
}

export interface StreamBounds {
  /** No bytes for this long ends the stream as a timeout (a watch gone quiet). */
  idleTimeoutMs: number;
  /** Hard limit on the stream's life, whatever the server says. */
  maxDurationMs: number;
  maxLineBytes: number;
  signal?: AbortSignal;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;

interface RawResult {
  status: number;
  body: Buffer;
  truncated: boolean;
}

/** Reads a Status body, or a short excerpt of a body that is not one. */
function statusOf(body: Buffer): { reason: string | null; message: string } {
  try {
    const s = JSON.parse(body.toString('utf8')) as { kind?: string; reason?: string; message?: string };
    if (s.kind === 'Status') return { reason: s.reason ?? null, message: s.message ?? '' };
  } catch {
    // not JSON: fall through to the excerpt
  }
  return { reason: null, message: body.subarray(0, 200).toString('utf8').replace(/\s+/g, ' ').trim() };
}

function kindOfStatus(status: number): KubeErrorKind {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 410) return 'gone';
  return 'status';
}

function kindOfError(err: NodeJS.ErrnoException): KubeErrorKind {
  const code = err.code ?? '';
  if (code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up|aborted/i.test(err.message)) return 'reset';
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code) || /certificate/i.test(err.message)) return 'tls';
  return 'unreachable';
}

export function createKubeClient(access: ClusterAccess): KubeClient {
  const base = new URL(access.server);
  const mod = base.protocol === 'http:' ? http : https;
  const prefix = base.pathname.replace(/\/+$/, '');
  let agent: http.Agent | null = null;
  let streamAgent: http.Agent | null = null;

  /** Requests share a few kept-alive connections; each watch holds one of its own, so lists never queue behind them. */
  async function open(method: string, path: string, headers: Record<string, string>, signal: AbortSignal, streaming = false): Promise<http.ClientRequest> {
    const tls = await access.requestOptions();
    const make = (keepAlive: boolean, maxSockets: number): http.Agent =>
      base.protocol === 'http:'
        ? new http.Agent({ keepAlive, maxSockets })
        : new https.Agent({ keepAlive, maxSockets, ca: tls.ca, cert: tls.cert, key: tls.key, rejectUnauthorized: tls.rejectUnauthorized, servername: tls.servername });
    agent ??= make(true, 16);
    streamAgent ??= make(false, Infinity);
    return mod.request({
      protocol: base.protocol,
      hostname: base.hostname.replace(/^\[|\]$/g, ''),
      port: base.port || (base.protocol === 'http:' ? 80 : 443),
      method,
      path: `${prefix}${path}`,
      agent: streaming ? streamAgent : agent,
      headers: { accept: 'application/json', 'user-agent': 'distroready/0.1', ...tls.headers, ...headers },
      signal,
    });
  }

  const failure = (request: string, kind: KubeErrorKind, message: string, status: number | null = null, reason: string | null = null): { ok: false; error: KubeError } => ({
    ok: false,
    error: { kind, request, status, reason, message },
  });

  async function send(method: string, path: string, body: string | null, o: RequestBounds): Promise<KubeResult<RawResult>> {
    const request = `${method} ${path}`;
    const timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const maxBytes = o.maxBytes ?? DEFAULT_MAX_BYTES;
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = o.signal ? AbortSignal.any([o.signal, deadline]) : deadline;
    let req: http.ClientRequest;
    try {
      req = await open(method, path, body === null ? {} : { 'content-type': 'application/json' }, signal);
    } catch (err) {
      return failure(request, 'invalid', `could not prepare the request: ${(err as Error).message}`);
    }
    return new Promise((resolve) => {
      let settled = false;
      const settle = (r: KubeResult<RawResult>): void => {
        if (settled) return;
        settled = true;
        resolve(r);
      };
      const abortReason = (): KubeResult<RawResult> =>
        o.signal?.aborted ? failure(request, 'timeout', 'cancelled') : failure(request, 'timeout', `no complete answer within ${timeoutMs} ms`);
      req.on('error', (err: NodeJS.ErrnoException) => settle(signal.aborted ? abortReason() : failure(request, kindOfError(err), err.message)));
      req.on('response', (res) => {
        const status = res.statusCode ?? 0;
        void readCappedBody(res, { maxBytes, codings: [], otherCoding: 'raw', excess: 'destroy' }).then((r) => {
          if (r.ok) return settle({ ok: true, value: { status, body: r.body, truncated: false } });
          if (r.reason === 'too-large') {
            if (o.allowTruncate) return settle({ ok: true, value: { status, body: r.prefix, truncated: true } });
            return settle(failure(request, 'too-large', `the answer is larger than ${maxBytes} bytes`, null));
          }
          if (signal.aborted) return settle(abortReason());
          // No budget and every coding read raw: what is left is a connection that ended mid-answer.
          const err = 'error' in r ? r.error : new Error(r.reason);
          settle(failure(request, kindOfError(err), `the connection closed before the answer was complete (${err.message})`, status));
        });
      });
      req.end(body ?? undefined);
    });
  }

  function judged<T>(method: string, path: string, r: KubeResult<RawResult>, parse: (raw: RawResult) => T): KubeResult<T> {
    if (!r.ok) return r;
    const { status, body } = r.value;
    if (status < 200 || status >= 300) {
      const s = statusOf(body);
      return failure(`${method} ${path}`, kindOfStatus(status), s.message || `HTTP ${status}`, status, s.reason);
    }
    try {
      return { ok: true, value: parse(r.value) };
    } catch (err) {
      return failure(`${method} ${path}`, 'invalid', `the answer is not JSON: ${(err as Error).message}`, status);
    }
  }

  return {
    access,
    async getJson<T>(path: string, o: RequestBounds = {}) {
      return judged('GET', path, await send('GET', path, null, o), (raw) => JSON.parse(raw.body.toString('utf8')) as T);
    },
    async postJson<T>(path: string, body: unknown, o: RequestBounds = {}) {
      return judged('POST', path, await send('POST', path, JSON.stringify(body), o), (raw) => JSON.parse(raw.body.toString('utf8')) as T);
    },
    async getText(path: string, o: RequestBounds = {}) {
      return judged('GET', path, await send('GET', path, null, o), (raw) => ({ text: raw.body, truncated: raw.truncated }));
    },
    stream: (path, onLine, o) => streamLines(open, path, onLine, o, failure),
    close() {
      agent?.destroy();
      streamAgent?.destroy();
    },
  };
}

type Opener = (method: string, path: string, headers: Record<string, string>, signal: AbortSignal, streaming?: boolean) => Promise<http.ClientRequest>;
type Failure = (request: string, kind: KubeErrorKind, message: string, status?: number | null, reason?: string | null) => { ok: false; error: KubeError };

async function streamLines(open: Opener, path: string, onLine: (line: string) => void, o: StreamBounds, failure: Failure): Promise<KubeResult<{ lines: number }>> {
  const request = `GET ${path}`;
  const stop = new AbortController();
  const signal = o.signal ? AbortSignal.any([o.signal, stop.signal]) : stop.signal;
  let req: http.ClientRequest;
  try {
    req = await open('GET', path, {}, signal, true);
  } catch (err) {
    return failure(request, 'invalid', `could not prepare the request: ${(err as Error).message}`);
  }
  return new Promise((resolve) => {
    let lines = 0;
    let settled = false;
    let why: KubeResult<{ lines: number }> | null = null;
    const settle = (r: KubeResult<{ lines: number }>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(idle);
      clearTimeout(life);
      resolve(r);
    };
    const end = (r: KubeResult<{ lines: number }>): void => {
      why = r;
      stop.abort();
      settle(r);
    };
    let idle = setTimeout(() => end(failure(request, 'timeout', `no event or bookmark for ${o.idleTimeoutMs} ms: the watch went quiet`)), o.idleTimeoutMs);
    const life = setTimeout(() => end({ ok: true, value: { lines } }), o.maxDurationMs);
    req.on('error', (err: NodeJS.ErrnoException) => settle(why ?? (o.signal?.aborted ? { ok: true, value: { lines } } : failure(request, kindOfError(err), err.message))));
    req.on('response', (res) => {
      if ((res.statusCode ?? 0) !== 200) {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          if ((size += c.length) <= 64 * 1024) chunks.push(c);
        });
        res.on('end', () => {
          const s = statusOf(Buffer.concat(chunks));
          settle(failure(request, kindOfStatus(res.statusCode ?? 0), s.message || `HTTP ${res.statusCode}`, res.statusCode ?? null, s.reason));
        });
        return;
      }
      let pending = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        clearTimeout(idle);
        idle = setTimeout(() => end(failure(request, 'timeout', `no event or bookmark for ${o.idleTimeoutMs} ms: the watch went quiet`)), o.idleTimeoutMs);
        // Only the new chunk is searched for newlines, so one huge line costs linear time.
        let from = 0;
        let nl: number;
        while ((nl = chunk.indexOf('\n', from)) >= 0) {
          const line = pending + chunk.slice(from, nl);
          pending = '';
          from = nl + 1;
          if (line.trim() === '') continue;
          lines++;
          onLine(line);
          if (settled) return;
        }
        pending += chunk.slice(from);
        if (pending.length > o.maxLineBytes) end(failure(request, 'too-large', `a watch event is larger than ${o.maxLineBytes} bytes`));
      });
      res.on('end', () => settle(why ?? { ok: true, value: { lines } }));
      res.on('aborted', () => settle(why ?? failure(request, 'reset', 'the watch connection was reset')));
      res.on('error', (err: NodeJS.ErrnoException) => settle(why ?? failure(request, kindOfError(err), err.message)));
    });
    req.end();
  });
}
