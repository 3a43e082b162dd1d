/**
 * The one versioned result model. Every output — CLI text and JSON, the report formats,
 * the REST API, /metrics and the dashboard — renders these types and computes nothing.
 */
import type { Facts, ProbeId } from '../probes/types';

export const REPORT_VERSION = 1;

export type Severity = 'critical' | 'important' | 'normal' | 'low';
export type CheckStatus = 'pass' | 'fail' | 'unknown';
export type ProbeStatus = 'pass' | 'warn' | 'fail' | 'error' | 'skip';
export type Verdict = 'ready' | 'caveats' | 'not-ready';

export interface CheckResult {
  id: string;
  probe: ProbeId;
  status: CheckStatus;
  severity: Severity;
  /** The pass or fail message with facts filled in; for `unknown`, why it could not be judged. */
  message: string;
  /** What was seen: URLs with status and latency, sample lines, file:line. Workload text is data. */
  evidence: string[];
  /** What to do about a failure, in words a person can act on. */
  remediation: string;
  /** A proposed change (e.g. a YAML patch for a probe), when the check has one. */
  patch?: string;
  /** Where in the operator's files the finding is (Dockerfile, manifest), for SARIF and `lint`. */
  locations?: SourceLocation[];
}

export interface SourceLocation {
  file: string;
  /** 1-based. */
  line: number;
  column?: number;
}

export interface ProbeResult {
  status: ProbeStatus;
  facts: Facts;
  /** Why the probe errored or was skipped. */
  reason?: string;
  durationMs: number;
}

export interface WorkloadResult {
  name: string;
  /** 0–100; `null` when no check could be evaluated. */
  score: number | null;
  verdict: Verdict;
  /** Ids of failed critical checks. */
  blockers: string[];
  probes: Partial<Record<ProbeId, ProbeResult>>;
  checks: CheckResult[];
  /** When this workload's probes finished (ISO 8601). */
  probedAt: string;
  sweepId: string;
}

export interface ReportSummary {
  workloads: number;
  ready: number;
  caveats: number;
  notReady: number;
}

export interface Report {
  version: typeof REPORT_VERSION;
  generatedAt: string;
  summary: ReportSummary;
  workloads: WorkloadResult[];
}

export function summarize(workloads: WorkloadResult[]): ReportSummary {
  return {
    workloads: workloads.length,
    ready: workloads.filter((w) => w.verdict === 'ready').length,
    caveats: workloads.filter((w) => w.verdict === 'caveats').length,
    notReady: workloads.filter((w) => w.verdict === 'not-ready').length,
  };
}

export function buildReport(workloads: WorkloadResult[], now = new Date()): Report {
  return { version: REPORT_VERSION, generatedAt: now.toISOString(), summary: summarize(workloads), workloads };
}
