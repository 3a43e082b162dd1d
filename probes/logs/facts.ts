/**
 * The logs probe's facts, from the tally of its lines. Facts observe; the thresholds that
 * judge them are parameters of the checks in config/checks/logs.
 */
import type { CorrelationFacts } from './correlation';
import type { LogsFacts } from './facts-schema';
import type { SourceLines } from './sources/source';
import type { Tally } from './tally';

export interface FactsInput {
  tally: Tally;
  sources: SourceLines[];
  /** Log files the launched process holds open; `null` when there is no process to look at. */
  openLogFiles: string[] | null;
  correlation: CorrelationFacts;
  traffic: string | null;
  windowMs: number;
}

const ratio = (n: number, of: number): number => Math.round((n / of) * 1000) / 1000;

/** Whether lines reach stdout/stderr at all: known for launched processes and commands. */
function stdStreams(input: FactsInput): { reaches: boolean | null; evidence: string[] } {
  const { tally, sources, openLogFiles } = input;
  const run = sources.find((s) => s.kind === 'run');
  const command = sources.find((s) => s.kind === 'command' && s.error === null);
  // pods/log is what the kubelet collected from stdout and stderr.
  const pod = sources.filter((s) => s.kind === 'kubernetes' && s.error === null);
  const lines = tally.byStream.stdout + tally.byStream.stderr + (command ? tally.byStream.command : 0) + tally.byStream.pod;
  if (!run && !command && pod.length === 0) return { reaches: null, evidence: [] };
  const evidence: string[] = [];
  if (run) evidence.push(`${run.label}: ${tally.byStream.stdout} lines on stdout, ${tally.byStream.stderr} on stderr since launch (window ${input.windowMs} ms)`);
  if (command) evidence.push(`${command.label}: ${tally.byStream.command} lines`);
  for (const s of pod) evidence.push(`${s.label}: ${s.lines.length} lines`);
  for (const f of openLogFiles ?? []) evidence.push(`the process holds ${f} open`);
  for (const s of sources) if (s.kind === 'file' && s.error === null) evidence.push(`${s.label}: ${s.lines.length} lines`);
  return { reaches: lines > 0, evidence };
}

type KeySet = { format: string; timeKey: string | null; levelKey: string | null; msgKey: string | null };

/**
 * How many different ways lines name time, level and message. A line that lacks a field
 * (go-kit's `level=info ts=… caller=… component=web` with no msg) names the others the
 * same way as its neighbours: that is a missing field (logsFieldsMissing), not a second
 * schema. So a key set whose every key is absent or equal to another's counts as that one.
 */
export function distinctSchemas(sets: readonly KeySet[]): number {
  const covers = (t: KeySet, s: KeySet): boolean =>
    t !== s && t.format === s.format && (['timeKey', 'levelKey', 'msgKey'] as const).every((k) => s[k] === null || s[k] === t[k]);
  return sets.filter((s) => !sets.some((t) => covers(t, s))).length;
}

export function buildFacts(input: FactsInput): LogsFacts {
  const { tally, sources, correlation } = input;
  const structured = tally.structured;
  const share = tally.logical > 0 ? ratio(structured, tally.logical) : null;
  const streams = stdStreams(input);
  const per = (n: number): number | null => (structured > 0 ? ratio(n, structured) : null);
  const signatures = [...tally.signatures.entries()].sort((a, b) => b[1].count - a[1].count);
  return {
    sources: sources.map((s) => ({ kind: s.kind, label: s.label, lines: s.lines.length, dropped: s.dropped, error: s.error, notes: s.notes })),
    lines: tally.physical,
    logicalLines: tally.logical,
    streams: { ...tally.byStream },
    reachesStdStreams: streams.reaches,
    openLogFiles: input.openLogFiles,
    formats: { ...tally.formats, continuation: tally.continuation },
    structuredLines: structured,
    structuredShare: share,
    structuredPercent: share === null ? null : Math.round(share * 100),
    fieldShares: structured > 0 ? { time: per(tally.fieldCounts.time)!, level: per(tally.fieldCounts.level)!, message: per(tally.fieldCounts.message)! } : null,
    schemaVariants: structured > 0 ? distinctSchemas([...tally.signatures.values()]) : null,
    traceIdLines: structured > 0 ? tally.fieldCounts.traceId : null,
    spanIdLines: structured > 0 ? tally.fieldCounts.spanId : null,
    stackTraces: { unstructured: tally.unstructuredStacks.count, inStructure: tally.stackInside },
    stackTracesSeen: tally.unstructuredStacks.count + tally.stackInside > 0 ? true : null,
    secretLines: tally.logical > 0 ? tally.secrets.count : null,
    mangled: { ansi: tally.ansi, invalidUtf8: tally.invalidUtf8, truncated: tally.truncated },
    mangledLines: tally.logical > 0 ? tally.mangled.count : null,
    roundTrip: correlation.roundTrip,
    roundTripCorrelated: correlation.roundTripCorrelated,
    traffic: input.traffic,
    evidence: {
      streams: streams.evidence,
      sources: sources.flatMap((s) => [...(s.error ? [`${s.label}: ${s.error}`] : []), ...s.notes.map((n) => `${s.label}: ${n}`)]),
      plain: tally.plain.items,
      missingFields: tally.missingFields.items,
      schemas: signatures.map(([sig, v]) => `${v.count} × ${sig}, e.g. ${v.sample}`),
      traceIds: tally.withTraceId.items,
      unstructuredStacks: tally.unstructuredStacks.items,
      secrets: tally.secrets.items,
      mangled: tally.mangled.items,
      correlation: correlation.evidence,
    },
  };
}

export type { LogsFacts } from './facts-schema';
