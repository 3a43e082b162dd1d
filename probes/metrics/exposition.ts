/**
 * What the exposition parser hands back: metric families with their samples, and the
 * errors it met (with line numbers), in the shape the lint, usefulness and cardinality
 * passes read. Plain data, so tests compare it and facts quote it.
 */

/** The two wire formats Prometheus negotiates. */
export type ExpositionFormat = 'text' | 'openmetrics';

/** Text 0.0.4 knows the first five; OpenMetrics adds the rest (and spells untyped `unknown`). */
export type MetricType =
  | 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped'
  | 'unknown' | 'gaugehistogram' | 'stateset' | 'info';

export interface Exemplar {
  /** Flat `[name, value, name, value, …]`, as on the wire. */
  labels: string[];
  value: number;
  timestamp: number | null;
}

export interface Sample {
  /** The sample's own name, suffix included (`http_requests_total`, `x_bucket`). */
  name: string;
  /** Flat `[name, value, name, value, …]` in wire order; values unescaped. */
  labels: string[];
  /**
   * The series as written, `name{b="y",a="x"}` (rebuilt compactly, in the same order, when
   * the line had blanks or a trailing comma). See `series-key.ts` for identity.
   */
  series: string;
  value: number;
  /** Milliseconds since the epoch (text) or seconds (OpenMetrics), as written. */
  timestamp: number | null;
  /** 1-based line number, for evidence. */
  line: number;
  exemplar: Exemplar | null;
}

export interface MetricFamily {
  name: string;
  type: MetricType;
  /** Whether a `# TYPE` line declared the type (else it is untyped/unknown by default). */
  typed: boolean;
  help: string | null;
  unit: string | null;
  /** Line of the first line (metadata or sample) that named the family. */
  line: number;
  samples: Sample[];
  /**
   * Lines where samples of this family resumed after another family's lines: the family is
   * interleaved. Legal-but-undefined in text 0.0.4, an error in OpenMetrics.
   */
  resumedAt: number[];
}

export interface ParseError {
  line: number;
  message: string;
}

export interface ParseLimits {
  /** Stop after this many samples; a breach is recorded in `limitBreached`. */
  maxSamples: number;
  /** A longer line is an error and is not parsed (measured in characters). */
  maxLineLength: number;
  /** Errors beyond this are counted, not kept. */
  maxErrors: number;
}

export const DEFAULT_LIMITS: ParseLimits = { maxSamples: 1_000_000, maxLineLength: 64 * 1024, maxErrors: 20 };

export interface ParsedExposition {
  format: ExpositionFormat;
  families: MetricFamily[];
  /** The first `maxErrors` errors, in line order. */
  errors: ParseError[];
  /** All errors, including those not kept. */
  errorCount: number;
  lines: number;
  samples: number;
  /** Set when a limit stopped the parse: which one and where. */
  limitBreached: { limit: 'maxSamples' | 'maxLineLength'; line: number } | null;
  /** OpenMetrics only: whether the `# EOF` line was seen. */
  sawEof: boolean;
}

/** `x{a="1"} 2` style rendering of a sample's series, for evidence lines. */
export function seriesText(s: Pick<Sample, 'name' | 'labels'>): string {
  if (s.labels.length === 0) return s.name;
  const parts: string[] = [];
  for (let i = 0; i < s.labels.length; i += 2) parts.push(`${s.labels[i]}=${JSON.stringify(s.labels[i + 1])}`);
  return `${s.name}{${parts.join(',')}}`;
}

/**
 * The label names a family's samples use. Consecutive samples nearly always share the same
 * (reused) name strings, so a sample whose names are identical to the previous one's is
 * skipped by identity comparison instead of a set lookup per label.
 */
export function labelNamesOf(f: MetricFamily): Set<string> {
  const names = new Set<string>();
  let prev: string[] | null = null;
  for (const s of f.samples) {
    const l = s.labels;
    let same = prev !== null && l.length === prev.length;
    for (let k = 0; same && k < l.length; k += 2) same = l[k] === prev![k];
    if (same) continue;
    for (let k = 0; k < l.length; k += 2) names.add(l[k]!);
    prev = l;
  }
  return names;
}

/**
 * Workload text cut to `max` characters for facts and evidence: a hostile exposition's
 * 60 kB metric name must not be copied into every stored result.
 */
export function clip(text: string, max = 200): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} chars)`;
}
