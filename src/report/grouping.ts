/**
 * How workloads are grouped for "readiness by namespace or team": `report.groupBy` in the
 * config. Discovered workloads are named `namespace/kind/name`, so their namespace is the
 * name's first segment; config workloads can carry `labels:` (`team: payments`), or be
 * grouped by a name prefix (`payments-api` → `payments`).
 */
import type { WorkloadResult } from '../model';

export interface Grouping {
  /** The `report.groupBy` it was made from: `groupingFor(by)` makes it again (in the render worker). */
  by: string;
  /** What a group is called in headings and filters: "namespace", "team", "prefix". */
  label: string;
  /** The workload's group; `null` when it has none (shown as "(none)"). */
  of(w: Pick<WorkloadResult, 'name' | 'labels' | 'namespace'>): string | null;
}

/** A workload without a group is listed under this, and filtered with `?group=` left empty. */
export const NO_GROUP = '(none)';

function namespaceOf(w: Pick<WorkloadResult, 'name' | 'labels' | 'namespace'>): string | null {
  if (w.namespace) return w.namespace;
  const slash = w.name.indexOf('/');
  if (slash > 0) return w.name.slice(0, slash);
  return w.labels?.namespace ?? null;
}

function prefixOf(name: string): string | null {
  const m = /^([^/.\-_]+)[/.\-_]/.exec(name);
  return m ? m[1]! : null;
}

/** `groupBy` from the config: `namespace` (default), `prefix`, or a label key. */
export function groupingFor(groupBy = 'namespace'): Grouping {
  if (groupBy === 'namespace') return { by: groupBy, label: 'namespace', of: namespaceOf };
  if (groupBy === 'prefix') return { by: groupBy, label: 'prefix', of: (w) => prefixOf(w.name) };
  return { by: groupBy, label: groupBy, of: (w) => w.labels?.[groupBy] ?? null };
}
