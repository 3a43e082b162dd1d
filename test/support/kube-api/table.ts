/**
 * `meta.k8s.io/v1` Table answers, which kubectl asks for (`Accept: …;as=Table…`) to print
 * `kubectl get` without `-o`. Columns follow the server's own printers for the kinds a
 * test prints (pods, deployments); other kinds get Name and Age, as CRDs without printer
 * columns do.
 */
import type { KubeObject } from './object-store';
import type { ResourceDef } from './resources';

interface Column {
  name: string;
  type: string;
  format?: string;
  cell(o: KubeObject): string | number;
}

const rec = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});
const arr = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? (v as Record<string, unknown>[]) : []);

function age(o: KubeObject): string {
  const created = Date.parse(String(o.metadata.creationTimestamp ?? ''));
  const s = Number.isFinite(created) ? Math.max(0, Math.round((Date.now() - created) / 1000)) : 0;
  return s < 120 ? `${s}s` : s < 7200 ? `${Math.floor(s / 60)}m` : `${Math.floor(s / 3600)}h`;
}

function podStatus(o: KubeObject): string {
  const status = rec(o.status);
  for (const cs of arr(status.containerStatuses)) {
    const waiting = rec(rec(cs.state).waiting);
    if (typeof waiting.reason === 'string') return waiting.reason;
  }
  return typeof status.phase === 'string' ? status.phase : 'Unknown';
}

const NAME: Column = { name: 'Name', type: 'string', format: 'name', cell: (o) => o.metadata.name };
const AGE: Column = { name: 'Age', type: 'string', cell: age };

const COLUMNS: Record<string, Column[]> = {
  Pod: [
    NAME,
    { name: 'Ready', type: 'string', cell: (o) => { const s = arr(rec(o.status).containerStatuses); return `${s.filter((c) => c.ready === true).length}/${arr(rec(o.spec).containers).length}`; } },
    { name: 'Status', type: 'string', cell: podStatus },
    { name: 'Restarts', type: 'string', cell: (o) => String(arr(rec(o.status).containerStatuses).reduce((n, c) => n + Number(c.restartCount ?? 0), 0)) },
    AGE,
  ],
  Deployment: [
    NAME,
    { name: 'Ready', type: 'string', cell: (o) => `${Number(rec(o.status).readyReplicas ?? 0)}/${Number(rec(o.spec).replicas ?? 1)}` },
    { name: 'Up-to-date', type: 'integer', cell: (o) => Number(rec(o.status).updatedReplicas ?? 0) },
    { name: 'Available', type: 'integer', cell: (o) => Number(rec(o.status).availableReplicas ?? 0) },
    AGE,
  ],
};

export function wantsTable(accept: string | undefined): boolean {
  return /as=Table/.test(accept ?? '');
}

export function toTable(def: ResourceDef, items: readonly KubeObject[], metadata: Record<string, unknown>): Record<string, unknown> {
  const columns = COLUMNS[def.kind] ?? [NAME, AGE];
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata,
    columnDefinitions: columns.map((c) => ({ name: c.name, type: c.type, format: c.format ?? '', description: '', priority: 0 })),
    rows: items.map((o) => ({
      cells: columns.map((c) => c.cell(o)),
      object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata },
    })),
  };
}
