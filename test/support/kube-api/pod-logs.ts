/**
 * `GET …/pods/{name}/log`: what the kubelet answers through the API server, text/plain.
 * `container` (needed when the pod has several), `tailLines`, `sinceSeconds` or
 * `sinceTime` (not both), `previous` (the last terminated instance), `limitBytes`,
 * `timestamps` (RFC 3339 with nanoseconds and a space before each line), `follow`.
 * Parameter errors are the server's own 400 messages.
 */
import type { ServerResponse } from 'node:http';
import type { KubeObject } from './object-store';
import { sendStatus, status } from './status';

export interface LogLine {
  time: Date;
  text: string;
}

interface ContainerLogs {
  current: LogLine[];
  previous: LogLine[] | null;
  followers: Set<(l: LogLine) => void>;
}

const rec = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});
const arr = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? (v as Record<string, unknown>[]) : []);

export class PodLogs {
  private readonly byContainer = new Map<string, ContainerLogs>();
  /** Requests answered, with their query, so tests can see what a client asked for. */
  readonly requests: URLSearchParams[] = [];

  private entry(ns: string, pod: string, container: string): ContainerLogs {
    const k = `${ns}/${pod}/${container}`;
    let e = this.byContainer.get(k);
    if (!e) this.byContainer.set(k, (e = { current: [], previous: null, followers: new Set() }));
    return e;
  }

  /** Appends lines to the running container (or, with `previous`, to its last terminated instance). */
  append(ns: string, pod: string, container: string, lines: readonly string[], o: { previous?: boolean; at?: Date } = {}): void {
    const e = this.entry(ns, pod, container);
    const time = o.at ?? new Date();
    const added = lines.map((text) => ({ time, text }));
    if (o.previous) (e.previous ??= []).push(...added);
    else {
      e.current.push(...added);
      for (const l of added) for (const f of e.followers) f(l);
    }
  }

  handle(res: ServerResponse, url: URL, pod: KubeObject): void {
    const q = url.searchParams;
    this.requests.push(new URLSearchParams(q));
    const name = pod.metadata.name;
    const spec = rec(pod.spec);
    const containers = [...arr(spec.initContainers), ...arr(spec.containers)].map((c) => String(c.name));
    let container = q.get('container') ?? '';
    if (container === '') {
      const main = arr(spec.containers);
      if (main.length !== 1) return sendStatus(res, status(400, 'BadRequest', `a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]`));
      container = String(main[0]!.name);
    } else if (!containers.includes(container)) {
      return sendStatus(res, status(400, 'BadRequest', `container ${container} is not valid for pod ${name}`));
    }
    if (!spec.nodeName) return sendStatus(res, status(400, 'BadRequest', `pod ${name} does not have a host assigned`));
    const bad = validate(q);
    if (bad) return sendStatus(res, status(400, 'BadRequest', bad));
    const cs = [...arr(rec(pod.status).initContainerStatuses), ...arr(rec(pod.status).containerStatuses)].find((s) => s.name === container);
    const waiting = rec(rec(cs?.state).waiting);
    const previous = q.get('previous') === 'true';
    const e = this.entry(pod.metadata.namespace ?? 'default', name, container);
    if (previous && e.previous === null) return sendStatus(res, status(400, 'BadRequest', `previous terminated container "${container}" in pod "${name}" not found`));
    if (!previous && typeof waiting.reason === 'string' && e.current.length === 0) {
      return sendStatus(res, status(400, 'BadRequest', `container "${container}" in pod "${name}" is waiting to start: ${waiting.reason}`));
    }
    res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'no-cache, private', 'transfer-encoding': 'chunked' });
    const stamps = q.get('timestamps') === 'true';
    const render = (l: LogLine): string => `${stamps ? `${nanos(l.time)} ` : ''}${l.text}\n`;
    let budget = q.has('limitBytes') ? Number(q.get('limitBytes')) : Infinity;
    const emit = (text: string): boolean => {
      if (budget <= 0) return false;
      const buf = Buffer.from(text);
      res.write(buf.length > budget ? buf.subarray(0, budget) : buf);
      budget -= buf.length;
      return budget > 0;
    };
    let lines = previous ? e.previous! : e.current;
    const since = q.has('sinceSeconds') ? Date.now() - Number(q.get('sinceSeconds')) * 1000 : q.has('sinceTime') ? Date.parse(q.get('sinceTime')!) : null;
    if (since !== null) lines = lines.filter((l) => l.time.getTime() >= since);
    if (q.has('tailLines')) lines = lines.slice(Math.max(0, lines.length - Number(q.get('tailLines'))));
    for (const l of lines) if (!emit(render(l))) return void res.end();
    if (q.get('follow') !== 'true' || previous) return void res.end();
    const follower = (l: LogLine): void => {
      if (!emit(render(l))) res.end();
    };
    e.followers.add(follower);
    res.on('close', () => e.followers.delete(follower));
  }
}

function validate(q: URLSearchParams): string | null {
  const int = (k: string): number | null => (q.has(k) ? Number(q.get(k)) : null);
  const tail = int('tailLines');
  if (tail !== null && (!Number.isInteger(tail) || tail < 0)) return `PodLogOptions "" is invalid: tailLines: Invalid value: ${q.get('tailLines')}: must be greater than or equal to 0`;
  const sinceSeconds = int('sinceSeconds');
  if (sinceSeconds !== null && (!Number.isInteger(sinceSeconds) || sinceSeconds < 1)) return `PodLogOptions "" is invalid: sinceSeconds: Invalid value: ${q.get('sinceSeconds')}: must be greater than 0`;
  if (q.has('sinceSeconds') && q.has('sinceTime')) return 'PodLogOptions "" is invalid: [sinceSeconds: Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified]';
  if (q.has('sinceTime') && !Number.isFinite(Date.parse(q.get('sinceTime')!))) return `parsing time "${q.get('sinceTime')}" as "2006-01-02T15:04:05Z07:00": cannot parse`;
  const limit = int('limitBytes');
  if (limit !== null && (!Number.isInteger(limit) || limit < 1)) return `PodLogOptions "" is invalid: limitBytes: Invalid value: ${q.get('limitBytes')}: must be greater than 0`;
  return null;
}

/** `2024-05-01T12:00:00.123000000Z`: RFC 3339 with nanoseconds, as the kubelet writes. */
function nanos(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}
