/**
 * Where results live between sweeps. The API, /metrics and the dashboard read from here;
 * the engine hands each workload's result over as soon as it is judged.
 */
import type { CheckStatus, CompactResult, ProbeStatus, Verdict } from '../model';
import type { ProbeId } from '../../probes/types';
import type { ReachStatus } from '../targets/target';

/**
 * One point of a workload's history: a state (score, verdict, probe statuses, check
 * statuses) first seen in sweep `sweepId` at `probedAt`, and held until the next entry.
 * A sweep that finds the same state adds no entry, so a steady workload's history does
 * not grow.
 */
export interface HistoryEntry {
  sweepId: string;
  probedAt: string;
  score: number | null;
  verdict: Verdict;
  probes: Partial<Record<ProbeId, ProbeStatus>>;
  /** Checks whose status differs from the previous entry (for a workload's first entry: every check). */
  changes: { check: string; status: CheckStatus }[];
}

/** What `GET /api/v1/workloads` lists for each workload: enough to filter and triage, not the evidence. */
export interface WorkloadSummary {
  name: string;
  /** For workloads discovered in a Kubernetes cluster; `null` for configured ones. */
  namespace: string | null;
  /** The controller's kind (`Deployment`), for a cluster's workloads; `null` for configured ones. */
  kind: string | null;
  /** The value of the kubernetes.teamLabel label, for a cluster's workloads that carry it; else `null`. */
  team: string | null;
  score: number | null;
  verdict: Verdict;
  blockers: string[];
  reach: ReachStatus;
  probes: Partial<Record<ProbeId, ProbeStatus>>;
  probedAt: string;
}

export interface ResultStore {
  /** Records finished workloads' results (call as each finishes); the latest per workload replaces the previous one. */
  save(results: readonly CompactResult[]): void;
  /** Records that a sweep ran, so history can tell "unchanged" from "not probed". */
  recordSweep(sweep: SweepRecord): void;
  /** The latest result of every workload, in the order they were first saved. */
  latest(): CompactResult[];
  latestFor(name: string): CompactResult | undefined;
  summaryFor(name: string): WorkloadSummary | undefined;
  /** The latest result as stored JSON, for handing to a render worker without re-serialising. */
  latestJson(name: string): string | undefined;
  /** Bumped on every save: a reader can cache what it rendered from one generation. */
  readonly generation: number;
  /** Newest first, at most `limit` entries. */
  history(name: string, limit?: number): HistoryEntry[];
  close(): void;
}

export interface SweepRecord {
  sweepId: string;
  startedAt: Date;
  finishedAt: Date;
  workloads: number;
}

export function summaryOf(r: CompactResult): WorkloadSummary {
  const probes: Partial<Record<ProbeId, ProbeStatus>> = {};
  for (const [id, p] of Object.entries(r.probes)) probes[id as ProbeId] = p.status;
  return { name: r.name, namespace: r.namespace ?? null, kind: r.cluster?.kind ?? null, team: r.cluster?.team ?? null, score: r.score, verdict: r.verdict, blockers: r.blockers, reach: r.reach.status, probes, probedAt: r.probedAt };
}

/** The judged state history records: it changes when a score, verdict or status does, not when a latency does. */
export interface JudgedState {
  score: number | null;
  verdict: Verdict;
  probes: Partial<Record<ProbeId, ProbeStatus>>;
  checks: Record<string, CheckStatus>;
}

export function judgedState(r: CompactResult): JudgedState {
  const checks: Record<string, CheckStatus> = {};
  for (const c of r.checks) checks[c.id] = c.status;
  return { score: r.score, verdict: r.verdict, probes: summaryOf(r).probes, checks };
}

/** The checks of `next` whose status differs from `previous` (all of them when there is none). */
export function checkChanges(previous: JudgedState | undefined, next: JudgedState): HistoryEntry['changes'] {
  return Object.entries(next.checks)
    .filter(([id, status]) => previous?.checks[id] !== status)
    .map(([check, status]) => ({ check, status }));
}

export function sameState(a: JudgedState | undefined, b: JudgedState): boolean {
  if (!a || a.score !== b.score || a.verdict !== b.verdict) return false;
  const keys = (o: object): string[] => Object.keys(o);
  if (keys(a.probes).length !== keys(b.probes).length || keys(a.checks).length !== keys(b.checks).length) return false;
  for (const [k, v] of Object.entries(b.probes)) if (a.probes[k as ProbeId] !== v) return false;
  for (const [k, v] of Object.entries(b.checks)) if (a.checks[k] !== v) return false;
  return true;
}
