/**
 * The fix, not just the finding: an `httpGet`, `grpc` or `tcpSocket` handler to replace an
 * exec probe, taken from the probe's own command (`curl http://localhost:8080/healthz`)
 * or from the endpoints the health probe found on the live workload, with their latency.
 */
import type { CommandInfo } from '../commands';

/** A health endpoint as the health probe measured it (its `liveness`/`readiness` facts). */
export interface MeasuredEndpoint {
  path: string;
  url: string;
  status: number | null;
  latencyMs: number;
  kubeletSuccess?: boolean;
}

export interface KnownEndpoints {
  liveness: MeasuredEndpoint | null;
  readiness: MeasuredEndpoint | null;
}

export type ProbeField = 'livenessProbe' | 'readinessProbe' | 'startupProbe';

export interface Proposal {
  /** The handler fields to merge into the probe, with `exec: null` to remove the old one. */
  handler: Record<string, unknown> | null;
  /** Where the proposal comes from, for the patch's comment. */
  note: string;
}

const LOCAL_URL = /(https?):\/\/(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])(?::(\d+))?(\/[^\s'"|;&]*)?/;

function fromCommand(info: CommandInfo): Proposal | null {
  const text = [...info.argv, info.script ?? ''].join(' ');
  const url = LOCAL_URL.exec(text);
  if (url && (info.program === 'curl' || info.program === 'wget' || /\b(curl|wget)\b/.test(text))) {
    const port = url[2] ? Number(url[2]) : url[1] === 'https' ? 443 : 80;
    const handler: Record<string, unknown> = { path: url[3] ?? '/', port };
    if (url[1] === 'https') handler.scheme = 'HTTPS';
    return { handler: { exec: null, httpGet: handler }, note: `httpGet on the URL the exec probe fetched (${url[0]})` };
  }
  const grpc = /grpc_health_probe\b.*?-addr[= ](?:[\w.-]*):(\d+)(?:.*?-service[= ](\S+))?/.exec(text);
  if (grpc) {
    const handler: Record<string, unknown> = { port: Number(grpc[1]) };
    if (grpc[2]) handler.service = grpc[2];
    return { handler: { exec: null, grpc: handler }, note: 'native grpc probe (Kubernetes ≥ 1.27) on the port grpc_health_probe used' };
  }
  const nc = /\b(?:nc|ncat|netcat)\b(?:\s+-\w+)*\s+[\w.:-]+\s+(\d+)/.exec(text);
  if (nc) return { handler: { exec: null, tcpSocket: { port: Number(nc[1]) } }, note: 'tcpSocket on the port nc checked' };
  return null;
}

/** A port the container's own exec commands talk to (`curl localhost:8082/…`), as a hint. */
export function portInCommands(commands: readonly (readonly string[])[]): number | null {
  for (const argv of commands) {
    const m = LOCAL_URL.exec(argv.join(' '));
    if (m?.[2]) return Number(m[2]);
  }
  return null;
}

function urlPort(url: string): number | null {
  try {
    const u = new URL(url);
    return Number(u.port || (u.protocol === 'https:' ? 443 : 80));
  } catch {
    return null;
  }
}

/** The kubelet's default timeout is 1 s; allow three times the measured latency when it is more. */
function timeoutFor(latencyMs: number): number | null {
  const seconds = Math.ceil((latencyMs * 3) / 1000);
  return seconds > 1 ? seconds : null;
}

function measured(e: MeasuredEndpoint): string {
  return `measured on the live workload: GET ${e.url} → ${e.status ?? 'no answer'} in ${Math.round(e.latencyMs)} ms`;
}

function endpointFor(field: ProbeField, known: KnownEndpoints | null): MeasuredEndpoint | null {
  if (!known) return null;
  const order = field === 'readinessProbe' ? [known.readiness, known.liveness] : [known.liveness, known.readiness];
  return order.find((e): e is MeasuredEndpoint => !!e && e.kubeletSuccess !== false && e.status !== null) ?? null;
}

/**
 * A replacement for one probe. `containerPort` is the container's first declared port:
 * the live workload may listen elsewhere (a `run` target on a test port).
 */
export function proposeProbe(field: ProbeField, info: CommandInfo | null, containerPort: number | null, known: KnownEndpoints | null): Proposal {
  const own = info ? fromCommand(info) : null;
  const endpoint = endpointFor(field, known);
  if (own) {
    if (endpoint && (own.handler!.httpGet as { path?: string } | undefined)?.path === endpoint.path) own.note += `; ${measured(endpoint)}`;
    return own;
  }
  if (endpoint) {
    const handler: Record<string, unknown> = { exec: null, httpGet: { path: endpoint.path, port: containerPort ?? urlPort(endpoint.url) ?? 8080 } };
    const timeout = timeoutFor(endpoint.latencyMs);
    if (timeout) handler.timeoutSeconds = timeout;
    return { handler, note: `httpGet ${endpoint.path}, ${measured(endpoint)}` };
  }
  if (containerPort !== null) {
    return { handler: { exec: null, tcpSocket: { port: containerPort } }, note: 'tcpSocket: no HTTP health endpoint is known, so this only checks that the port accepts connections' };
  }
  return { handler: null, note: 'no endpoint or port is known: serve GET /livez and /readyz and point httpGet probes at them' };
}
