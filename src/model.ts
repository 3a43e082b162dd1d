/**
 * The one versioned result model. Every output — CLI text and JSON, the report formats,
 * the REST API, /metrics and the dashboard — renders these types and computes nothing.
 */
import type { Facts, ProbeId } from '../probes/types';
import type { Reach } from './targets/target';

export const REPORT_VERSION = 1;

/** Migration risk, worst first; the scoring weights are keyed by these. */
export const SEVERITIES = ['critical', 'important', 'normal', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * `unknown`: could not be judged (a fact was not observed); `suppressed`: the operator or
 * the workload's files asked for it to be left out. Neither counts in the score.
 */
export const CHECK_STATUSES = ['pass', 'fail', 'unknown', 'suppressed'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

/**
 * `pass`: every evaluated check passed (at least one was evaluated); `warn`: only normal or
 * low checks failed; `fail`: an important or critical one failed; `unknown`: none of its
 * checks could be evaluated; `error`: the probe itself could not run; `skip`: nothing to
 * probe (not configured).
 */
export const PROBE_STATUSES = ['pass', 'warn', 'fail', 'unknown', 'error', 'skip'] as const;
export type ProbeStatus = (typeof PROBE_STATUSES)[number];

/**
 * `incomplete`: no blocker failed, but a probe that can block had nothing to judge, or the
 * workload could not be reached; `WorkloadResult.incomplete` says what input would
 * complete it.
 */
export const VERDICTS = ['ready', 'caveats', 'not-ready', 'incomplete'] as const;
export type Verdict = (typeof VERDICTS)[number];

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
  /**
   * A precondition (the workload started, the target was reached): it gates the verdict
   * and never adds weight to the score.
   */
  gate?: true;
  /** Why a `suppressed` check was left out, and who asked. */
  suppressed?: { reason: string; source: string };
}

/**
 * A check's outcome as results keep it between sweeps (engine, store, /metrics): ids,
 * status, the values its message names, evidence. The words — message templates and
 * remediation — belong to the check and are kept once, in the `ReportCatalog`;
 * `expandResult` (src/report/expand-result.ts) puts them back for reports and the API.
 */
export interface CheckOutcome {
  id: string;
  probe: ProbeId;
  status: CheckStatus;
  severity: Severity;
  evidence: string[];
  /** The values of the pass or fail message's `{{placeholders}}`, as rendered when judged. */
  values?: Record<string, string>;
  /** For an `unknown` check: the facts that were not observed (absent: its probe's status and reason say why). */
  missing?: string[];
  patch?: string;
  locations?: SourceLocation[];
  gate?: true;
  /** As in `CheckResult`, plus what the check was (failed or unjudged) before it was suppressed. */
  suppressed?: { reason: string; source: string; was?: 'fail' | 'unknown' };
}

/** The words of one check, kept once per check rather than in every workload's result. */
export interface CheckText {
  id: string;
  probe: ProbeId;
  /** The severity the check file gives (a result's own may be overridden by config). */
  severity: Severity;
  title: string;
  /** Message templates with `{{fact.path}}` placeholders. */
  pass: string;
  fail: string;
  remediation: string;
}

/** What renderers need to know besides the results: probe titles (in registry order) and every check's words. */
export interface ReportCatalog {
  probes: { id: ProbeId; title: string }[];
  checks: CheckText[];
}

/** What kept a verdict from being complete, and the input that would complete it. */
export interface MissingInput {
  /** The probe that had nothing to judge; absent when the workload itself was not reached. */
  probe?: ProbeId;
  /** What was missing: "no Dockerfile, manifests, pod spec or watched process". */
  reason: string;
  /** What to give distroready: "add dockerfile: or manifests: to the workload". */
  input: string;
}

export interface SourceLocation {
  file: string;
  /** 1-based. */
  line: number;
  column?: number;
  /** A textual fix: lines `line`..`fix.endLine` become `fix.text` (SARIF `fixes`, proposed files). */
  fix?: { endLine: number; text: string };
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
  /** The Kubernetes namespace of a workload discovered in a cluster (as in `cluster`); absent for configured ones. */
  namespace?: string;
  /** 0–100; `null` when no check could be evaluated. */
  score: number | null;
  verdict: Verdict;
  /** Ids of failed critical checks, preconditions first (the cause before its effects). */
  blockers: string[];
  /** Whether the live workload was seen, decided before the probes ran. */
  reach: Reach;
  /** What the verdict could not take into account; empty when every probe had input. */
  incomplete: MissingInput[];
  probes: Partial<Record<ProbeId, ProbeResult>>;
  checks: CheckResult[];
  /**
   * Where the workload is defined: its entry in the config file (or, for an ad-hoc target,
   * the Dockerfile or manifest given with it). SARIF anchors live findings here.
   */
  definedAt?: SourceLocation;
  /** The operator's labels (`labels:` in the config): the dashboard and reports group by one. */
  labels?: Record<string, string>;
  /** When this workload's probes finished (ISO 8601). */
  probedAt: string;
  sweepId: string;
  /** Where a workload discovered in a cluster lives, for grouping a fleet; absent for configured workloads. */
  cluster?: WorkloadOrigin;
}

/** A cluster workload's place in the fleet: `shop/deployment/checkout` is namespace shop, kind Deployment, name checkout. */
export interface WorkloadOrigin {
  namespace: string;
  kind: string;
  name: string;
  /** The value of the configured team label (kubernetes.teamLabel), when set. */
  team: string | null;
  /** The pod probed live; `null` when none could be. */
  pod: string | null;
}

/** A result as kept: the same as `WorkloadResult`, with checks as outcomes (no words). */
export type CompactResult = Omit<WorkloadResult, 'checks'> & { checks: CheckOutcome[] };

export interface ReportSummary {
  workloads: number;
  ready: number;
  caveats: number;
  notReady: number;
  incomplete: number;
}

export interface Report {
  version: typeof REPORT_VERSION;
  generatedAt: string;
  summary: ReportSummary;
  workloads: WorkloadResult[];
  /** Probe titles and check words for the renderers; not part of the JSON report. */
  catalog: ReportCatalog;
}

export function summarize(workloads: readonly Pick<WorkloadResult, 'verdict'>[]): ReportSummary {
  const s: ReportSummary = { workloads: workloads.length, ready: 0, caveats: 0, notReady: 0, incomplete: 0 };
  for (const w of workloads) {
    if (w.verdict === 'ready') s.ready++;
    else if (w.verdict === 'caveats') s.caveats++;
    else if (w.verdict === 'not-ready') s.notReady++;
    else s.incomplete++;
  }
  return s;
}

export function buildReport(workloads: WorkloadResult[], catalog: ReportCatalog, now = new Date()): Report {
  return { version: REPORT_VERSION, generatedAt: now.toISOString(), summary: summarize(workloads), workloads, catalog };
}
