/**
 * Turns a parsed exposition into the facts the metrics checks judge: validity with the
 * first errors as evidence, lint problems, usefulness, and cardinality against thresholds.
 * Pure, so the fixture corpus can assert on exactly what a probe would report.
 */
import { measureCardinality } from './cardinality';
import { clip, type ParsedExposition } from '../parser/exposition';
import { NAMING_RULES, lintExposition, type LintProblem } from './lint';
import { assessUsefulness, type Usefulness } from './usefulness';

export interface CardinalityThresholds {
  /** Warn above this many series in one scrape. */
  maxSeries: number;
  /** Warn when one label of one family has more distinct values than this. */
  maxLabelValues: number;
}

/** Evidence lists stay short: the first few of each kind make the point. */
const MAX_LISTED = 10;

export function expositionFacts(parsed: ParsedExposition, t: CardinalityThresholds) {
  const stoppedEarly = parsed.limitBreached?.limit === 'maxSamples';
  const realErrors = stoppedEarly ? parsed.errorCount - 1 : parsed.errorCount;
  const lint = lintExposition(parsed);
  const naming = lint.filter((p) => NAMING_RULES.has(p.rule));
  const structure = lint.filter((p) => !NAMING_RULES.has(p.rule));
  const use = clipNames(assessUsefulness(parsed.families));
  const card = measureCardinality(parsed.families);
  const topLabel = card.topLabel && { ...card.topLabel, family: clip(card.topLabel.family), label: clip(card.topLabel.label) };
  const redComplete = use.rateFamily !== null && use.errorSignal !== null && use.durationFamily !== null;
  return {
    format: parsed.format,
    // A parse cut short by the sample limit is not judged valid or invalid on what it missed.
    valid: realErrors > 0 ? false : stoppedEarly ? null : true,
    errorCount: realErrors,
    families: parsed.families.filter((f) => f.count > 0).length,
    series: card.series,
    lintNamingCount: naming.length,
    lintStructureCount: structure.length,
    lintRules: [...new Set(lint.map((p) => p.rule))].sort(),
    runtimeMetrics: use.runtimeFamilies.length > 0,
    red: { rate: use.rateFamily, errors: use.errorSignal, duration: use.durationFamily },
    redComplete,
    latencyHistogram: use.latencyFamily !== null,
    latencyFamily: use.latencyFamily,
    maxSeries: t.maxSeries,
    maxLabelValues: t.maxLabelValues,
    seriesOverLimit: card.series > t.maxSeries,
    topLabel,
    labelOverLimit: topLabel !== null && topLabel.distinct > t.maxLabelValues,
    evidence: {
      errors: parsed.errors.map((e) => `line ${e.line}: ${e.message}`).concat(parsed.errorCount > parsed.errors.length ? [`… and ${parsed.errorCount - parsed.errors.length} more errors`] : []),
      naming: listed(naming),
      structure: listed(structure),
      runtime: use.runtimeFamilies.length > 0 ? [`runtime families: ${use.runtimeFamilies.join(', ')}`] : ['no process_*, go_*, nodejs_*, jvm_*, python_* … families'],
      red: [`rate: ${use.rateFamily ?? 'none'}`, `errors: ${use.errorSignal ?? 'none'}`, `duration: ${use.durationFamily ?? 'none'}`],
      latency: [use.latencyFamily ? `${use.latencyType} ${use.latencyFamily}` : 'no histogram or summary named like a duration'],
      cardinality: [
        `${card.series} series in ${parsed.families.length} families`,
        ...card.topFamilies.map((f) => `${clip(f.family)}: ${f.series} series`),
        ...(topLabel ? [`label with most values: ${topLabel.family}{${topLabel.label}} has ${topLabel.distinct}`] : []),
      ],
    },
  };
}

export type ExpositionFacts = ReturnType<typeof expositionFacts>;

/** Family names in facts are workload text: clipped, like every other evidence string. */
function clipNames(u: Usefulness): Usefulness {
  const c = (name: string | null): string | null => (name === null ? null : clip(name));
  return {
    ...u,
    runtimeFamilies: u.runtimeFamilies.map((n) => clip(n)),
    rateFamily: c(u.rateFamily),
    errorSignal: c(u.errorSignal),
    durationFamily: c(u.durationFamily),
    latencyFamily: c(u.latencyFamily),
  };
}

function listed(problems: LintProblem[]): string[] {
  const shown = problems.slice(0, MAX_LISTED).map((p) => `line ${p.line}: ${clip(p.message, 300)}`);
  return problems.length > MAX_LISTED ? [...shown, `… and ${problems.length - MAX_LISTED} more`] : shown;
}
