/**
 * The `kubernetes:` config section: which cluster, which namespaces and kinds, how pods
 * are reached, how logs are read, and the bounds on what is read from the API. Its JSON
 * Schema joins the config schema; the rules a schema cannot say are checked here too.
 */
import type { Document, LineCounter, Node } from 'yaml';
import { DURATION_PATTERN, parseDuration } from '../../duration';
import type { LocatedError } from '../../config/yaml-errors';
import { dottedKey } from '../../config/yaml-errors';
import { labelSelectorError } from './label-selector';
import { DEFAULT_KINDS, WORKLOAD_KINDS, type WorkloadKind } from './resources';

/** How distroready reaches a pod's endpoints. */
export const REACH_MODES = ['pod-ip', 'api-proxy'] as const;
export type ReachMode = (typeof REACH_MODES)[number];

export interface KubernetesConfig {
  kubeconfig?: string;
  context?: string;
  /** Unset: every namespace the account can list. */
  namespaces?: string[];
  labelSelector?: string;
  kinds: WorkloadKind[];
  /** Unset: pod-ip inside a cluster, api-proxy outside. */
  reach?: ReachMode;
  logs: { tailLines: number; sinceSeconds: number; previous: boolean; limitBytes: number };
  /** The label that names a workload's team, for grouping (read from the controller, then its pod template). */
  teamLabel: string;
  /** Image (repository, or repository:tag) → Dockerfile, for images whose Dockerfile the audit should read. */
  dockerfiles: Record<string, string>;
  /** How often serve restarts its watches even when they look alive (client-node #958). */
  watchRestartMs: number;
  limits: { pageSize: number; maxPageBytes: number; maxObjects: number; requestTimeoutMs: number };
}

const NAMESPACE = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
const int = (min: number, max: number, def: number) => ({ type: 'integer', minimum: min, maximum: max, default: def });

/** The section's JSON Schema; absent in the file means no cluster discovery. */
export const kubernetesSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    kubeconfig: { type: 'string', minLength: 1 },
    context: { type: 'string', minLength: 1 },
    namespaces: { type: 'array', items: { type: 'string', pattern: NAMESPACE, maxLength: 63 }, minItems: 1, uniqueItems: true },
    labelSelector: { type: 'string', minLength: 1 },
    kinds: { type: 'array', items: { enum: [...WORKLOAD_KINDS] }, minItems: 1, uniqueItems: true, default: [...DEFAULT_KINDS] },
    reach: { enum: [...REACH_MODES] },
    logs: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        tailLines: int(0, 100_000, 500),
        sinceSeconds: int(1, 30 * 24 * 3600, 900),
        previous: { type: 'boolean', default: true },
        limitBytes: int(1024, 256 * 1024 * 1024, 8 * 1024 * 1024),
      },
    },
    teamLabel: { type: 'string', minLength: 1, default: 'team' },
    dockerfiles: { type: 'object', additionalProperties: { type: 'string', minLength: 1 }, default: {} },
    watchRestart: { type: 'string', pattern: DURATION_PATTERN, default: '5m' },
    limits: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        pageSize: int(10, 5000, 500),
        maxPageBytes: int(1024 * 1024, 1024 * 1024 * 1024, 32 * 1024 * 1024),
        maxObjects: int(1, 10_000_000, 200_000),
        requestTimeout: { type: 'string', pattern: DURATION_PATTERN, default: '30s' },
      },
    },
  },
} as const;

/** The validated section (defaults applied by the schema) as the typed config. */
export function normalizeKubernetes(raw: Record<string, unknown> | undefined): KubernetesConfig | undefined {
  if (!raw) return undefined;
  const r = raw as Omit<KubernetesConfig, 'watchRestartMs' | 'limits'> & { watchRestart: string; limits: { pageSize: number; maxPageBytes: number; maxObjects: number; requestTimeout: string } };
  const { watchRestart, limits, ...rest } = r;
  return {
    ...rest,
    watchRestartMs: parseDuration(watchRestart) ?? 300_000,
    limits: { pageSize: limits.pageSize, maxPageBytes: limits.maxPageBytes, maxObjects: limits.maxObjects, requestTimeoutMs: parseDuration(limits.requestTimeout) ?? 30_000 },
  };
}

function at(doc: Document, counter: LineCounter, path: (string | number)[]): { line: number; column: number } {
  const node = doc.getIn(path, true) as Node | undefined;
  const pos = node?.range ? counter.linePos(node.range[0]) : { line: 1, col: 1 };
  return { line: pos.line, column: pos.col };
}

/** What the schema cannot say: a readable label selector, a sensible restart interval. */
export function kubernetesErrors(data: Record<string, unknown>, file: string, doc: Document, counter: LineCounter): LocatedError[] {
  const k = data.kubernetes as Record<string, unknown> | undefined;
  if (!k) return [];
  const errors: LocatedError[] = [];
  const push = (path: (string | number)[], message: string): void => {
    errors.push({ file, ...at(doc, counter, path), key: dottedKey(path), message });
  };
  if (typeof k.labelSelector === 'string') {
    const why = labelSelectorError(k.labelSelector);
    if (why) push(['kubernetes', 'labelSelector'], `not a label selector: ${why}; write it as kubectl -l takes it, e.g. team=payments,tier!=batch`);
  }
  const restart = typeof k.watchRestart === 'string' ? parseDuration(k.watchRestart) : null;
  if (restart !== null && restart < 10_000) push(['kubernetes', 'watchRestart'], 'must be at least 10s: restarting watches more often relists the cluster for nothing');
  return errors;
}
