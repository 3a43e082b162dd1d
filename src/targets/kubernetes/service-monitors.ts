/**
 * What a Prometheus Operator ServiceMonitor (monitoring.coreos.com/v1) claims about a
 * workload's metrics, resolved the way the operator's generated config and the endpoints
 * controller resolve it: the ServiceMonitor selects Services by label in the namespaces
 * its `namespaceSelector` names (`any`, `matchNames`, else its own namespace); a Service
 * selects the workload's pods when its `spec.selector` is a subset of their labels; an
 * endpoint's `port` names a Service port, whose `targetPort` (number, container port
 * name, or unset: the port itself) is where Prometheus scrapes; a deprecated `targetPort`
 * on the endpoint names a declared container port directly. A name that resolves to no
 * port is a claim too: one Prometheus cannot scrape, so it is untrue.
 */
import type { Container, KubeObject, PodTemplate } from './objects';
import { isRecord } from './objects';
import type { HttpEndpoint } from './pod-endpoints';

/** One scrape endpoint a ServiceMonitor names for a workload. */
export interface ServiceMonitorClaim {
  /** `servicemonitor monitoring/checkout`. */
  source: string;
  /** `shop/checkout`: the Service that carries it to the pods. */
  service: string;
  /** What the endpoint names, as written: `port metrics`, `targetPort 9100`. */
  names: string;
  /** Where it resolves on the pod; `null` when it resolves to no port (see `problem`). */
  endpoint: HttpEndpoint | null;
  problem: string | null;
  interval: string | null;
  /** The endpoint scrapes with credentials (basicAuth, bearer token, authorization, oauth2, client TLS) distroready does not hold. */
  credentials: boolean;
}

/** Claims kept per workload: a ServiceMonitor that selects many ports is still bounded. */
export const MAX_CLAIMS = 8;

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

interface MonitorEndpoint {
  port?: string;
  targetPort?: number | string;
  path?: string;
  scheme?: string;
  interval?: string;
  [key: string]: unknown;
}

interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  protocol?: string;
}

/** metav1.LabelSelector semantics: `{}` selects everything, a missing selector nothing. */
export function selectorMatches(sel: unknown, labels: Record<string, string>): boolean {
  if (!isRecord(sel)) return false;
  const s = sel as LabelSelector;
  for (const [k, v] of Object.entries(s.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of s.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, e.key);
    const inValues = has && (e.values ?? []).includes(labels[e.key]!);
    const ok = e.operator === 'In' ? inValues : e.operator === 'NotIn' ? !inValues : e.operator === 'Exists' ? has : e.operator === 'DoesNotExist' ? !has : false;
    if (!ok) return false;
  }
  return true;
}

/** The namespaces a ServiceMonitor looks in; `null` for every namespace. */
export function monitoredNamespaces(monitor: KubeObject): readonly string[] | null {
  const sel = isRecord(monitor.spec?.namespaceSelector) ? (monitor.spec.namespaceSelector as { any?: boolean; matchNames?: string[] }) : {};
  if (sel.any === true) return null;
  const names = Array.isArray(sel.matchNames) ? sel.matchNames.filter((n) => typeof n === 'string') : [];
  return names.length > 0 ? names : [monitor.metadata.namespace ?? 'default'];
}

/** A Service selects the pods of a template when its (non-empty) selector is a subset of their labels. */
export function serviceSelects(service: KubeObject, template: PodTemplate): boolean {
  const sel = service.spec?.selector;
  if (!isRecord(sel) || Object.keys(sel).length === 0) return false;
  const labels = template.metadata?.labels ?? {};
  return Object.entries(sel).every(([k, v]) => labels[k] === v);
}

/** A container port by name or number, as the endpoints controller finds it (every container, TCP). */
function containerPort(containers: readonly Container[], ref: number | string, declaredOnly: boolean): number | null {
  for (const c of containers) {
    for (const p of c.ports ?? []) {
      if ((p.protocol ?? 'TCP') !== 'TCP') continue;
      if (typeof ref === 'string' ? p.name === ref : p.containerPort === ref) return p.containerPort;
    }
  }
  return typeof ref === 'number' && !declaredOnly ? ref : null;
}

const asPortRef = (v: unknown): number | string | null => (typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : typeof v === 'string' && v !== '' ? v : null);

const CREDENTIAL_KEYS = ['basicAuth', 'bearerTokenSecret', 'bearerTokenFile', 'authorization', 'oauth2'] as const;

function needsCredentials(e: MonitorEndpoint): boolean {
  if (CREDENTIAL_KEYS.some((k) => e[k] !== undefined && e[k] !== null && e[k] !== '')) return true;
  const tls = isRecord(e.tlsConfig) ? e.tlsConfig : {};
  return tls.cert !== undefined || tls.certFile !== undefined;
}

/** Resolves one endpoint through one Service to the pod: a port, or why none. */
function resolve(e: MonitorEndpoint, service: KubeObject, containers: readonly Container[]): { names: string; port: number | null; problem: string | null } {
  const svc = `Service ${service.metadata.namespace}/${service.metadata.name}`;
  if (typeof e.port === 'string' && e.port !== '') {
    const ports = (Array.isArray(service.spec?.ports) ? service.spec.ports : []) as ServicePort[];
    const sp = ports.find((p) => p.name === e.port);
    const names = `port ${e.port}`;
    if (!sp) return { names, port: null, problem: `${svc} has no port named ${e.port} (it has ${ports.map((p) => p.name ?? String(p.port)).join(', ') || 'none'})` };
    const target = asPortRef(sp.targetPort) ?? sp.port;
    const port = containerPort(containers, target, false);
    return port === null
      ? { names, port: null, problem: `${svc} port ${e.port} targets ${target}, which no container of the pod template declares` }
      : { names, port, problem: null };
  }
  const ref = asPortRef(e.targetPort);
  if (ref === null) return { names: 'no port', port: null, problem: 'the endpoint names neither port nor targetPort' };
  const port = containerPort(containers, ref, true);
  return { names: `targetPort ${ref}`, port, problem: port === null ? `targetPort ${ref} is no declared container port of the pod template` : null };
}

function endpointsOf(monitor: KubeObject): MonitorEndpoint[] {
  const list = monitor.spec?.endpoints;
  return Array.isArray(list) ? list.filter(isRecord) : [];
}

/**
 * The claims the ServiceMonitors make about a workload in `namespace` with `template`:
 * one per endpoint of each ServiceMonitor, through each Service that selects its pods.
 */
export function serviceMonitorClaims(namespace: string, template: PodTemplate, services: readonly KubeObject[], monitors: readonly KubeObject[]): ServiceMonitorClaim[] {
  const containers = template.spec?.containers ?? [];
  const mine = services.filter((s) => (s.metadata.namespace ?? 'default') === namespace && serviceSelects(s, template));
  const out: ServiceMonitorClaim[] = [];
  if (mine.length === 0) return out;
  for (const m of monitors) {
    const where = monitoredNamespaces(m);
    if (where !== null && !where.includes(namespace)) continue;
    for (const service of mine) {
      if (!selectorMatches(m.spec?.selector, service.metadata.labels ?? {})) continue;
      for (const e of endpointsOf(m)) {
        const r = resolve(e, service, containers);
        const path = typeof e.path === 'string' && e.path !== '' ? (e.path.startsWith('/') ? e.path : `/${e.path}`) : '/metrics';
        const scheme = typeof e.scheme === 'string' && e.scheme.toLowerCase() === 'https' ? 'https' : 'http';
        out.push({
          source: `servicemonitor ${m.metadata.namespace ?? 'default'}/${m.metadata.name}`,
          service: `${service.metadata.namespace}/${service.metadata.name}`,
          names: r.names,
          endpoint: r.port === null ? null : { scheme, port: r.port, path },
          problem: r.problem,
          interval: typeof e.interval === 'string' ? e.interval : null,
          credentials: needsCredentials(e),
        });
        if (out.length >= MAX_CLAIMS) return out;
      }
    }
  }
  return out;
}
