/**
 * Where a pod's HTTP endpoints are, read from its spec: the container and port the
 * readiness (else liveness) httpGet probe names, else the first declared container port;
 * the paths of its httpGet probes for the health probe; what the `prometheus.io/*`
 * annotations claim about its metrics. Named ports are resolved as the kubelet does.
 */
import type { Container, PodSpec, ProbeSpec } from './objects';

export interface HttpEndpoint {
  scheme: 'http' | 'https';
  port: number;
  path: string;
}

export interface PodEndpoints {
  /** The main container probed live; `null` when the pod spec has none. */
  container: string | null;
  /** The port its HTTP endpoints answer on; `null` when none is declared. */
  port: number | null;
  scheme: 'http' | 'https';
  liveness: HttpEndpoint | null;
  readiness: HttpEndpoint | null;
}

export interface PrometheusClaim {
  /** The annotations as written, for evidence. */
  annotations: Record<string, string>;
  /** `prometheus.io/scrape` is `true`. */
  scrape: boolean;
  endpoint: HttpEndpoint | null;
}

function resolvePort(c: Container, port: number | string | undefined): number | null {
  if (typeof port === 'number') return port;
  if (typeof port === 'string' && /^\d+$/.test(port)) return Number(port);
  if (typeof port === 'string') return c.ports?.find((p) => p.name === port)?.containerPort ?? null;
  return null;
}

function httpGetOf(c: Container, probe: ProbeSpec | undefined): HttpEndpoint | null {
  const get = probe?.httpGet;
  if (!get) return null;
  const port = resolvePort(c, get.port);
  if (port === null) return null;
  return { scheme: get.scheme === 'HTTPS' ? 'https' : 'http', port, path: get.path || '/' };
}

export function podEndpoints(spec: PodSpec | undefined): PodEndpoints {
  const containers = spec?.containers ?? [];
  const withProbe = containers.find((c) => c.readinessProbe?.httpGet || c.livenessProbe?.httpGet);
  const withPort = containers.find((c) => (c.ports ?? []).length > 0);
  const c = withProbe ?? withPort ?? containers[0];
  if (!c) return { container: null, port: null, scheme: 'http', liveness: null, readiness: null };
  const liveness = httpGetOf(c, c.livenessProbe);
  const readiness = httpGetOf(c, c.readinessProbe);
  const declared = readiness ?? liveness;
  const port = declared?.port ?? c.ports?.[0]?.containerPort ?? null;
  return { container: c.name, port, scheme: declared?.scheme ?? 'http', liveness, readiness };
}

/** `prometheus.io/scrape|port|path|scheme`: a convention, not a Prometheus feature, so a claim to verify. */
export function prometheusClaim(annotations: Record<string, string>, fallbackPort: number | null): PrometheusClaim | null {
  const mine = Object.fromEntries(Object.entries(annotations).filter(([k]) => k.startsWith('prometheus.io/')));
  if (Object.keys(mine).length === 0) return null;
  const scrape = mine['prometheus.io/scrape'] === 'true';
  const portText = mine['prometheus.io/port'];
  const port = portText && /^\d+$/.test(portText) ? Number(portText) : fallbackPort;
  const path = mine['prometheus.io/path'] || '/metrics';
  const scheme = mine['prometheus.io/scheme'] === 'https' ? 'https' : 'http';
  return { annotations: mine, scrape, endpoint: port === null ? null : { scheme, port, path: path.startsWith('/') ? path : `/${path}` } };
}

export interface InstrumentationClaim {
  /** `java`, `nodejs`, `python`, `dotnet`, `go`, `sdk`… */
  language: string;
  /** `"true"`, an Instrumentation name, or `namespace/name`. */
  value: string;
}

const INJECT = 'instrumentation.opentelemetry.io/inject-';

/** The OpenTelemetry operator's injection annotations (`"false"` is no injection). */
export function instrumentationClaims(annotations: Record<string, string>): InstrumentationClaim[] {
  return Object.entries(annotations)
    .filter(([k, v]) => k.startsWith(INJECT) && v !== 'false')
    .map(([k, v]) => ({ language: k.slice(INJECT.length), value: v }));
}
