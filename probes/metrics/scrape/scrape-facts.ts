/**
 * Puts the metrics facts together: what was tried and what answered, the target's time,
 * the size read and the limit that cut it, and the exposition's facts when it was read
 * whole. Facts about an exposition stay `null` when none was found, so a catch-all's page
 * is never judged as one.
 */
import type { ExpositionFacts } from '../analysis/exposition-facts';
import { listed } from '../analysis/listed';
import type { MetricsFacts } from '../facts-schema';
import type { Discovery, Read } from './discover';
import { describeAttempt, formatOf, type Attempt } from './scrape';
import type { TargetTiming } from './timing';

/** `probes.metrics` options: limits on distroready's own work. */
export interface MetricsOptions {
  scrapeTimeoutMs: number;
  maxBytes: number;
  maxSamples: number;
  maxLineBytes: number;
  maxErrors: number;
}

export interface FactsInput {
  found: Discovery;
  /** The exposition judged (after a second scrape, if one was made). */
  judged: Read | null;
  timing: TargetTiming | null;
  /** The exposition's facts; `null` when none was found or it was cut short (bytes, samples). */
  exposition: ExpositionFacts | null;
  scrapes: number;
  source: 'configured' | 'discovered';
  options: MetricsOptions;
}

const NO_EXPOSITION = {
  valid: null, errorCount: null, families: null, series: null, lintNamingCount: null, lintStructureCount: null,
  lintRules: null, signals: null, topLabel: null,
} as const;
const NO_EXPOSITION_EVIDENCE = { errors: [], naming: [], structure: [], runtime: [], red: [], latency: [], cardinality: [] };

export function scrapeFacts(i: FactsInput): MetricsFacts {
  const last = i.found.attempts[i.found.attempts.length - 1]!;
  const judged = i.judged?.attempt ?? null;
  const r = judged?.response ?? null;
  // An oversized answer ends discovery, so when nothing was found it is the last one.
  const cut = judged ? r!.truncated : last.response?.truncated === true;
  const sized = judged ?? (cut ? last : null);
  const breach = i.judged?.parsed.limitBreached?.limit;
  const truncatedBy = cut ? 'maxBytes' : breach === 'maxSamples' ? 'maxSamples' : breach === 'maxLineLength' ? 'maxLineBytes' : null;
  const contentType = r?.headers['content-type'] ?? null;
  const t = i.timing;
  return {
    url: judged?.url ?? last.url,
    source: i.source,
    found: judged !== null,
    scrapes: i.scrapes,
    status: judged ? judged.status : last.status,
    contentType,
    contentTypeKnown: r ? formatOf(contentType ?? undefined) !== null : null,
    format: i.judged ? i.judged.parsed.format : null,
    contentEncoding: r ? ((r.headers['content-encoding'] as string | undefined) ?? null) : null,
    bytes: sized ? sized.response!.body.length : null,
    ttfbMs: t ? t.timing.ttfbMs : null,
    transferMs: t ? t.timing.transferMs : null,
    clientBusyMs: t ? t.timing.busyMs : null,
    scrapeMs: t?.clean ? Math.round((t.timing.ttfbMs + t.timing.transferMs) * 10) / 10 : null,
    limits: { maxBytes: i.options.maxBytes, maxSamples: i.options.maxSamples, maxLineBytes: i.options.maxLineBytes },
    // A small answer that is not an exposition says nothing about scrape size; an oversized one does.
    truncated: judged ? truncatedBy !== null : cut ? true : null,
    truncatedBy,
    ...exposition(i),
    evidence: {
      endpoint: i.found.attempts.map((a) => describeAttempt(a, noteFor(a, i.found.reads))),
      scrape: judged && t ? [describeAttempt(judged, t.timedScrape > 1 ? `not timed on this one: distroready was busy ${r!.timing.busyMs} ms of it` : undefined), timingLine(t)] : [],
      limits: limitEvidence(i, truncatedBy, sized),
      ...(i.exposition?.evidence ?? (i.judged ? prefixEvidence(i.judged) : NO_EXPOSITION_EVIDENCE)),
    },
  };
}

/** The exposition's facts; for one cut short, only the errors found in what was read. */
function exposition(i: FactsInput) {
  const e = i.exposition;
  if (e) {
    return {
      valid: e.valid, errorCount: e.errorCount, families: e.families, series: e.series, lintNamingCount: e.lintNamingCount,
      lintStructureCount: e.lintStructureCount, lintRules: e.lintRules, signals: e.signals, topLabel: e.topLabel,
    };
  }
  const errors = i.judged ? i.judged.parsed.errorCount : 0;
  return { ...NO_EXPOSITION, valid: errors > 0 ? false : null, errorCount: errors > 0 ? errors : null };
}

function prefixEvidence(read: Read) {
  const p = read.parsed;
  return { ...NO_EXPOSITION_EVIDENCE, errors: listed(p.errors.map((e) => `line ${e.line}: ${e.message}`), p.errorCount) };
}

function noteFor(a: Attempt, reads: Read[]): string | undefined {
  const why = reads.find((r) => r.attempt === a)?.recognition.why;
  return why ?? undefined;
}

function timingLine(t: TargetTiming): string {
  const { ttfbMs, transferMs, busyMs } = t.timing;
  const span = Math.round((ttfbMs + transferMs) * 10) / 10;
  if (!t.clean) {
    const tries = t.extraScrapes > 0 ? `; timed ${1 + t.extraScrapes} times, never apart from our own work` : '';
    return `not the target's time: at most ${span} ms, but distroready's event loop was busy ${busyMs} ms of it (other probes' work)${tries}; probe the workload alone (check --probes metrics) or with a lower sweep.concurrency to time it`;
  }
  const retried = t.timedScrape > 1 ? `; timed on scrape ${t.timedScrape}, the earlier ones were taken while distroready was busy` : '';
  return `the target took ${span} ms: first byte after ${ttfbMs} ms, ${transferMs} ms transfer (distroready was busy ${busyMs} ms meanwhile)${retried}`;
}

function limitEvidence(i: FactsInput, by: MetricsFacts['truncatedBy'], sized: Attempt | null): string[] {
  const o = i.options;
  if (by === 'maxBytes') {
    const enc = sized!.response!.headers['content-encoding'];
    return [`${sized!.url}: more than ${o.maxBytes} bytes after decompression${enc ? ` (${enc} on the wire)` : ''}; distroready stopped reading at its limit of ${sized!.response!.body.length} bytes (probes.metrics.maxBytes)`];
  }
  const breach = i.judged?.parsed.limitBreached;
  if (by === 'maxSamples') return [`more than ${o.maxSamples} samples (probes.metrics.maxSamples); parsing stopped at line ${breach!.line}`];
  if (by === 'maxLineBytes') {
    const n = i.judged!.parsed.skippedLines;
    return [`${n} line(s) longer than ${o.maxLineBytes} characters (probes.metrics.maxLineBytes), the first at line ${breach!.line}: not parsed`];
  }
  return [];
}
