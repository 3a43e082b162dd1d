/** Rules a JSON Schema cannot say well: unique workload names, something to probe, known check ids, access settings. */
import type { Document, LineCounter, Node } from 'yaml';
import type { LocatedError } from './yaml-errors';
import { dottedKey } from './yaml-errors';
import { parseCidr } from '../net/address-policy';
import { kubernetesErrors } from '../targets/kubernetes/kubernetes-config';
import type { CheckParam } from '../checks/check-definition';
import { paramOverrideError } from '../checks/check-params';

/** What the config is checked against: the defined check ids and, for loaded checks, their parameters. */
export interface KnownChecks {
  ids: readonly string[];
  /** A loaded check's default parameters; `undefined` for one not loaded (its overrides are not checked). */
  params?(id: string): Readonly<Record<string, CheckParam>> | undefined;
}

function lineOf(doc: Document, counter: LineCounter, path: (string | number)[]): { line: number; column: number } {
  const node = doc.getIn(path, true) as Node | undefined;
  const pos = node?.range ? counter.linePos(node.range[0]) : { line: 1, col: 1 };
  return { line: pos.line, column: pos.col };
}

export function semanticErrors(
  data: Record<string, unknown>,
  file: string,
  doc: Document,
  counter: LineCounter,
  known?: KnownChecks,
  env: NodeJS.ProcessEnv = {},
): LocatedError[] {
  const errors: LocatedError[] = [...accessErrors(data, file, doc, counter, env), ...kubernetesErrors(data, file, doc, counter)];
  const at = (path: (string | number)[], message: string): void => {
    errors.push({ file, ...lineOf(doc, counter, path), key: dottedKey(path), message });
  };
  for (const [id, override] of Object.entries((data.checks ?? {}) as Record<string, { params?: Record<string, unknown> }>)) {
    if (known && !known.ids.includes(id)) at(['checks', id], `no check with id "${id}"; see config/checks/ for the ids`);
    const defaults = known?.params?.(id);
    if (!defaults) continue;
    for (const [name, value] of Object.entries(override.params ?? {})) {
      const wrong = paramOverrideError(defaults, name, value);
      if (wrong) at(['checks', id, 'params', name], wrong);
    }
  }
  const workloads = (data.workloads ?? []) as Record<string, unknown>[];
  const seen = new Map<string, number>();
  workloads.forEach((w, i) => {
    const name = String(w.name);
    const path = ['workloads', i, 'name'];
    const first = seen.get(name);
    if (first !== undefined) {
      errors.push({ file, ...lineOf(doc, counter, path), key: dottedKey(path), message: `duplicate workload name "${name}" (also workloads[${first}]); names must be unique` });
    } else seen.set(name, i);
    ((w.ignore ?? []) as string[]).forEach((id, j) => {
      if (known && !known.ids.includes(id)) at(['workloads', i, 'ignore', j], `no check with id "${id}" to ignore; see config/checks/ for the ids`);
    });
    const probeable = Object.keys(w).some((k) => k !== 'name' && k !== 'ignore');
    if (!probeable) {
      const at = ['workloads', i];
      errors.push({ file, ...lineOf(doc, counter, at), key: dottedKey(at), message: `workload "${name}" has nothing to probe; give it a url, a run command, a dockerfile or manifests` });
    }
  });
  return errors;
}

/** `api.allowTargets` entries must be CIDRs or host patterns; `protectReads` and `protectMetrics` need a token. */
function accessErrors(data: Record<string, unknown>, file: string, doc: Document, counter: LineCounter, env: NodeJS.ProcessEnv): LocatedError[] {
  const errors: LocatedError[] = [];
  const api = (data.api ?? {}) as { token?: string; protectReads?: boolean; protectMetrics?: boolean; allowTargets?: string[] };
  (api.allowTargets ?? []).forEach((entry, i) => {
    const looksNumeric = /^[0-9a-f:.[\]]+(\/\d*)?$/i.test(entry) && /[.:]/.test(entry);
    const validHost = /^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*$/i.test(entry);
    if (looksNumeric ? parseCidr(entry) === null : !validHost) {
      const path = ['api', 'allowTargets', i];
      errors.push({ file, ...lineOf(doc, counter, path), key: dottedKey(path), message: `"${entry}" is neither a CIDR (10.0.0.0/8, ::1/128) nor a host pattern (*.svc.cluster.local)` });
    }
  });
  for (const key of ['protectReads', 'protectMetrics'] as const) {
    if (!api[key] || api.token || env.DISTROREADY_TOKEN) continue;
    const path = ['api', key];
    errors.push({ file, ...lineOf(doc, counter, path), key: dottedKey(path), message: `${key} needs a token: set api.token (e.g. token: \${DISTROREADY_TOKEN}) or the DISTROREADY_TOKEN variable, or remove ${key}` });
  }
  return errors;
}
