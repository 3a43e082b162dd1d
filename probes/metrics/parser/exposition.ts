/**
 * What the exposition parser hands back: metric families with their samples, and the
 * errors it met (with line numbers), in the shape the lint, usefulness and cardinality
 * passes read. Samples live in a column store; `MetricFamily.samples` shows them as objects.
 */
import type { SampleStore } from './sample-store';

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
  /** How many samples the family has. */
  count: number;
  /** Where they are in `store`: index ranges `[start, end, start, end, …]`, in line order. */
  runs: number[];
  store: SampleStore;
  /**
   * The samples as objects, built on each read: for tests and evidence. The analysis reads
   * the store's columns (see `sample-store.ts`).
   */
  readonly samples: Sample[];
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
  /** A longer line is skipped, not parsed, and counted in `skippedLines` (measured in characters). */
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
  /**
   * The first limit the parse ran into, and where: `maxSamples` stops it, `maxLineLength`
   * skips the line. A limit is not an error of the exposition (Prometheus has neither).
   */
  limitBreached: { limit: 'maxSamples' | 'maxLineLength'; line: number } | null;
  /** Lines longer than `maxLineLength`, not parsed. */
  skippedLines: number;
  /** OpenMetrics only: whether the `# EOF` line was seen. */
  sawEof: boolean;
  /** Every sample, column by column; families index into it. */
  store: SampleStore;
}

/** The label names a family's samples use: the union of the label-name lists its lines use. */
export function labelNamesOf(f: MetricFamily): Set<string> {
  const names = new Set<string>();
  for (const shape of shapesOf(f)) for (const n of f.store.shapes[shape]!) names.add(n);
  return names;
}

/** The ids of the label-name lists (shapes) a family's samples use. */
export function shapesOf(f: MetricFamily): Set<number> {
  const shapes = new Set<number>();
  const ids = f.store.shapeId;
  let prev = -1;
  for (let r = 0; r < f.runs.length; r += 2) {
    for (let i = f.runs[r]!; i < f.runs[r + 1]!; i++) {
      // Runs of lines share a shape: skip the set lookup while it repeats.
      if (ids[i] !== prev) shapes.add((prev = ids[i]!));
    }
  }
  return shapes;
}

/**
 * Workload text cut to `max` characters for facts and evidence: a hostile exposition's
 * 60 kB metric name must not be copied into every stored result.
 */
export function clip(text: string, max = 200): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} chars)`;
}
