/**
 * The workload list's view in the URL — filters, search, sort and page — so a view can be
 * shared as a link. Parsed strictly (an unknown parameter or value is a 400 that names it),
 * written back canonically (defaults left out), and applied to workload summaries.
 */
import { PROBE_IDS as probeIds } from '../../probes/ids';
import type { ProbeId } from '../../probes/types';
import { DistroreadyError } from '../errors';
import { PROBE_STATUSES, VERDICTS, type ProbeStatus, type Verdict } from '../model';
import { byText } from './fleet-view';
import { NO_GROUP } from './grouping';
import type { WorkloadSummary } from './workload-summary';

/** `change`: the biggest drop since the last sweep first; a leading `-` reverses. */
export const SORTS = ['name', '-name', 'score', '-score', 'change', '-change'] as const;
export type Sort = (typeof SORTS)[number];

export const SORT_LABEL: Record<Sort, string> = {
  name: 'name (A–Z)',
  '-name': 'name (Z–A)',
  score: 'score (lowest first)',
  '-score': 'score (highest first)',
  change: 'change since last sweep (biggest drop first)',
  '-change': 'change since last sweep (biggest gain first)',
};

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

export interface WorkloadQuery {
  verdict?: Verdict;
  /** A group name, or `NO_GROUP` for the workloads with none. */
  group?: string;
  probe?: ProbeId;
  /** With `probe`: that probe's status; alone: any probe's. Neither: no probe filter. */
  status?: ProbeStatus;
  /** Workloads where this check failed. */
  check?: string;
  /** Case-insensitive part of the name. */
  q?: string;
  sort: Sort;
  /** 1-based. */
  page: number;
  limit: number;
}

export const QUERY_KEYS = ['verdict', 'group', 'probe', 'status', 'check', 'q', 'sort', 'page', 'limit'] as const;

function bad(key: string, message: string): DistroreadyError {
  return new DistroreadyError('BAD_REQUEST', `query.${key}: ${message}`, { field: `query.${key}` });
}

function oneOf<T extends string>(key: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw bad(key, `"${value}" is not one of ${allowed.join(', ')}`);
  return value as T;
}

function positive(key: string, value: string, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > max) throw bad(key, `"${value}" is not a whole number from 1 to ${max}`);
  return n;
}

/** Parses `req.query` (Express's simple parser: strings, or arrays for repeated keys). Empty values count as absent, as a form sends them. */
export function parseWorkloadQuery(raw: Record<string, unknown>): WorkloadQuery {
  for (const key of Object.keys(raw)) {
    if (!(QUERY_KEYS as readonly string[]).includes(key)) throw bad(key, `unknown parameter; the list takes ${QUERY_KEYS.join(', ')}`);
  }
  const get = (key: (typeof QUERY_KEYS)[number]): string | undefined => {
    const v = raw[key];
    if (Array.isArray(v)) throw bad(key, 'given more than once; give it once');
    if (v === undefined || v === '') return undefined;
    if (typeof v !== 'string') throw bad(key, 'must be text');
    if (v.length > 256) throw bad(key, 'is longer than 256 characters');
    return v;
  };
  const text = { verdict: get('verdict'), probe: get('probe'), status: get('status'), sort: get('sort'), page: get('page'), limit: get('limit') };
  return {
    ...(text.verdict ? { verdict: oneOf('verdict', text.verdict, VERDICTS) } : {}),
    ...(get('group') !== undefined ? { group: get('group') } : {}),
    ...(text.probe ? { probe: oneOf('probe', text.probe, probeIds) } : {}),
    ...(text.status ? { status: oneOf('status', text.status, PROBE_STATUSES) } : {}),
    ...(get('check') !== undefined ? { check: get('check') } : {}),
    ...(get('q') !== undefined ? { q: get('q') } : {}),
    sort: text.sort ? oneOf('sort', text.sort, SORTS) : 'name',
    page: text.page ? positive('page', text.page, 1_000_000) : 1,
    limit: text.limit ? positive('limit', text.limit, MAX_LIMIT) : DEFAULT_LIMIT,
  };
}

/** The query as URL parameters, defaults left out, in a fixed order: the same view is always the same link. */
export function queryString(q: Partial<WorkloadQuery>, options: { paging?: boolean } = {}): string {
  const params = new URLSearchParams();
  for (const key of ['verdict', 'group', 'probe', 'status', 'check', 'q'] as const) {
    const v = q[key];
    if (v !== undefined && v !== '') params.set(key, v);
  }
  if (q.sort && q.sort !== 'name') params.set('sort', q.sort);
  if (options.paging !== false) {
    if (q.page && q.page > 1) params.set('page', String(q.page));
    if (q.limit && q.limit !== DEFAULT_LIMIT) params.set('limit', String(q.limit));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** A probe status that says something is wrong (or unknown): what `probe=` alone looks for. */
const PROBLEM: readonly ProbeStatus[] = ['warn', 'fail', 'unknown', 'error'];

export function matches(r: WorkloadSummary, q: WorkloadQuery): boolean {
  if (q.verdict && r.verdict !== q.verdict) return false;
  if (q.group !== undefined && (r.group ?? NO_GROUP) !== q.group) return false;
  if (q.check && !r.failed.some((c) => c.id === q.check)) return false;
  if (q.q && !r.name.toLowerCase().includes(q.q.toLowerCase())) return false;
  if (q.probe || q.status) {
    const statuses = q.probe ? [r.probes[q.probe]] : Object.values(r.probes);
    const wanted = (s: ProbeStatus | undefined): boolean => s !== undefined && (q.status ? s === q.status : PROBLEM.includes(s));
    if (!statuses.some(wanted)) return false;
  }
  return true;
}

/** Nulls (no score, no previous sweep) sort last in both directions. */
function nullsLast(a: number | null, b: number | null, dir: 1 | -1): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return (a - b) * dir;
}

export function compareBy(sort: Sort): (a: WorkloadSummary, b: WorkloadSummary) => number {
  const dir = sort.startsWith('-') ? -1 : 1;
  const key = sort.replace(/^-/, '');
  if (key === 'name') return (a, b) => byText(a.name, b.name) * dir;
  if (key === 'score') return (a, b) => nullsLast(a.score, b.score, dir) || byText(a.name, b.name);
  return (a, b) => nullsLast(a.change, b.change, dir) || byText(a.name, b.name);
}

export interface WorkloadPage {
  query: WorkloadQuery;
  rows: WorkloadSummary[];
  /** Workloads matching the filters, on every page. */
  total: number;
  pages: number;
}

/** Filters, sorts, and cuts out the page asked for. */
export function selectWorkloads(all: readonly WorkloadSummary[], q: WorkloadQuery): WorkloadPage {
  const matching = all.filter((r) => matches(r, q)).sort(compareBy(q.sort));
  const pages = Math.max(1, Math.ceil(matching.length / q.limit));
  return { query: q, rows: matching.slice((q.page - 1) * q.limit, q.page * q.limit), total: matching.length, pages };
}
