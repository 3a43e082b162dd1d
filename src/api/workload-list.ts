/**
 * `GET /api/v1/workloads`: one summary per workload, filtered and paged. Workloads come in
 * code-point order of their names, so a cursor (the last name of a page) stays valid while
 * results change and workloads come and go; `summary` counts every match, not the page.
 */
import { PROBE_STATUSES, VERDICTS, summarize, type ProbeStatus, type ReportSummary, type Verdict } from '../model';
import { isProbeId, type ProbeId } from '../../probes/ids';
import { DistroreadyError } from '../errors';
import type { ResultStore, WorkloadSummary } from '../store/result-store';

export interface ListQuery {
  namespace?: string;
  verdict?: string;
  probe?: string;
  limit: number;
  cursor?: string;
}

export interface WorkloadList {
  summary: ReportSummary;
  workloads: WorkloadSummary[];
  /** Pass as `cursor` for the next page; `null` on the last. */
  next: string | null;
}

interface Filter {
  namespaces: Set<string> | null;
  verdicts: Set<Verdict> | null;
  /** Per probe, the statuses that match (any of them). */
  probes: Map<ProbeId, Set<ProbeStatus>>;
}

const list = (v: string | undefined): string[] | null => (v === undefined || v === '' ? null : v.split(',').map((s) => s.trim()));

function parseFilter(q: ListQuery): Filter {
  const verdicts = list(q.verdict);
  for (const v of verdicts ?? []) {
    if (!(VERDICTS as readonly string[]).includes(v)) throw new DistroreadyError('BAD_REQUEST', `query.verdict: "${v}" is not one of ${VERDICTS.join(', ')}`, { field: 'query.verdict' });
  }
  const probes = new Map<ProbeId, Set<ProbeStatus>>();
  for (const item of list(q.probe) ?? []) {
    const [id, status] = item.split(':');
    if (!isProbeId(id) || !(PROBE_STATUSES as readonly string[]).includes(status ?? '')) {
      throw new DistroreadyError('BAD_REQUEST', `query.probe: "${item}" is not probe:status (e.g. health:fail; statuses ${PROBE_STATUSES.join(', ')})`, { field: 'query.probe' });
    }
    probes.set(id, (probes.get(id) ?? new Set()).add(status as ProbeStatus));
  }
  return { namespaces: q.namespace ? new Set(list(q.namespace)) : null, verdicts: verdicts ? new Set(verdicts as Verdict[]) : null, probes };
}

function matches(s: WorkloadSummary, f: Filter): boolean {
  if (f.namespaces && (s.namespace === null || !f.namespaces.has(s.namespace))) return false;
  if (f.verdicts && !f.verdicts.has(s.verdict)) return false;
  for (const [probe, statuses] of f.probes) {
    const status = s.probes[probe];
    if (status === undefined || !statuses.has(status)) return false;
  }
  return true;
}

export function encodeCursor(name: string): string {
  return Buffer.from(name, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string {
  const name = Buffer.from(cursor, 'base64url').toString('utf8');
  if (name === '' || encodeCursor(name) !== cursor) throw new DistroreadyError('BAD_REQUEST', 'query.cursor is not a cursor this API gave out; take it from "next" of the previous page', { field: 'query.cursor' });
  return name;
}

/** Names in code-point order; re-sorted only when the configured set changes. */
export function sortedNames(): (names: readonly string[]) => readonly string[] {
  let last: readonly string[] = [];
  let sorted: readonly string[] = [];
  return (names) => {
    if (names.length !== last.length || names.some((n, i) => n !== last[i])) {
      last = [...names];
      sorted = [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    }
    return sorted;
  };
}

export function listWorkloads(store: ResultStore, sorted: readonly string[], q: ListQuery): WorkloadList {
  const filter = parseFilter(q);
  const after = q.cursor === undefined ? null : decodeCursor(q.cursor);
  const matching: WorkloadSummary[] = [];
  const page: WorkloadSummary[] = [];
  let more = false;
  for (const name of sorted) {
    const s = store.summaryFor(name);
    if (!s || !matches(s, filter)) continue;
    matching.push(s);
    if (after !== null && name <= after) continue;
    if (page.length < q.limit) page.push(s);
    else more = true;
  }
  return { summary: summarize(matching), workloads: page, next: more ? encodeCursor(page[page.length - 1]!.name) : null };
}
