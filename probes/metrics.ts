/**
 * The metrics probe: does the workload serve a valid, useful Prometheus/OpenMetrics
 * endpoint? It scrapes it as Prometheus would (configured URL, else discovery), parses the
 * exposition with a validating parser of our own, and reports validity, lint, usefulness
 * (runtime, RED, latency histogram), cardinality and scrape cost, all bounded.
 */
import type { CardinalityThresholds } from './metrics/analysis/exposition-facts';
import type { ParsedExposition } from './metrics/parser/exposition';
import { describeAttempt, findAndScrape, formatOf, type Attempt } from './metrics/scrape/scrape';
import type { Facts, Probe } from './types';

/** The parser and the analysis passes load on the first scrape, not with the registry. */
const analysis = async () => ({
  ...(await import('./metrics/parser/parse')),
  ...(await import('./metrics/analysis/exposition-facts')),
  ...(await import('./metrics/analysis/usefulness')),
});

interface MetricsOptions extends CardinalityThresholds {
  scrapeTimeoutMs: number;
  scrapeBudgetMs: number;
  maxBytes: number;
  maxSamples: number;
  maxLineBytes: number;
  maxErrors: number;
}

export const metricsProbe: Probe = {
  id: 'metrics',
  title: 'Metrics endpoint',
  needsLiveTarget: true,
  completeWith: 'give it a url (or metrics.url) where its metrics endpoint answers',
  workloadKeys: {
    metrics: {
      type: 'object',
      additionalProperties: false,
      properties: { url: { type: 'string', pattern: '^https?://' } },
    },
  },
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      scrapeTimeoutMs: { type: 'integer', minimum: 100, default: 5000 },
      scrapeBudgetMs: { type: 'integer', minimum: 1, default: 1000 },
      maxBytes: { type: 'integer', minimum: 1024, default: 10 * 1024 * 1024 },
      // Parsed samples are kept for lint and cardinality (~40 bytes each in the column store,
      // next to the body): this bounds memory per scrape even when a 10 MiB body holds
      // millions of tiny lines, and the analysis' work with it.
      maxSamples: { type: 'integer', minimum: 1, default: 200_000 },
      maxLineBytes: { type: 'integer', minimum: 256, default: 64 * 1024 },
      maxErrors: { type: 'integer', minimum: 1, maximum: 1000, default: 20 },
      maxSeries: { type: 'integer', minimum: 1, default: 10_000 },
      maxLabelValues: { type: 'integer', minimum: 1, default: 1_000 },
    },
  },

  async run(target, ctx) {
    const configured = (target.config.metrics as { url?: string } | undefined)?.url;
    if (!configured && !target.url) return { facts: {}, skipped: 'no url and no metrics.url to scrape' };
    const o = ctx.options as unknown as MetricsOptions;
    const scrapeOptions = { timeoutMs: o.scrapeTimeoutMs, maxBytes: o.maxBytes, signal: ctx.signal };
    const attempts = await findAndScrape(ctx.http, configured, target.url, scrapeOptions);
    let last = attempts[attempts.length - 1]!;
    if (last.response === null || last.status !== 200) return { facts: { ...scrapeFacts(attempts, last, configured, o), ...NOT_PARSED } };
    const { parseExposition, expositionFacts, awaitsTraffic } = await analysis();
    let started = 0;
    const parse = (a: Attempt): ParsedExposition => {
      started = performance.now();
      return parseExposition(a.response!.body, formatOf(a.response!.headers['content-type']) ?? 'text', {
        maxSamples: o.maxSamples, maxLineLength: o.maxLineBytes, maxErrors: o.maxErrors,
      });
    };
    let parsed = parse(last);
    // Only when the first scrape was quick: a second slow one could overrun the probe's deadline.
    if (awaitsTraffic(parsed.families) && last.response.totalMs <= o.scrapeBudgetMs) {
      const again = (await findAndScrape(ctx.http, last.url, undefined, scrapeOptions))[0]!;
      if (again.response !== null && again.status === 200) {
        attempts.push(again);
        last = again;
        parsed = parse(again);
      }
    }
    const scrape = scrapeFacts(attempts, last, configured, o);
    const facts = expositionFacts(parsed, o);
    const analysisMs = Math.round(performance.now() - started); // parse and facts of the scrape judged
    ctx.logger.debug({ url: last.url, series: facts.series, errors: facts.errorCount, analysisMs }, 'metrics scraped');
    return { facts: { ...scrape, ...facts, analysisMs, ...limitFacts(parsed, o), evidence: { ...scrape.evidence, ...facts.evidence, limits: limitEvidence(parsed, o) } } };
  },
};

/** The exposition facts when nothing was parsed: `null`, so their checks are unknown. */
const NOT_PARSED: Facts = {
  valid: null, errorCount: null, families: null, series: null, lintNamingCount: null, lintStructureCount: null,
  runtimeMetrics: null, redComplete: null, latencyHistogram: null, seriesOverLimit: null, labelOverLimit: null, topLabel: null,
};

function scrapeFacts(attempts: Attempt[], last: Attempt, configured: string | undefined, o: MetricsOptions) {
  const answered = last.status === 200 ? last.response : null;
  const contentType = answered?.headers['content-type'] ?? null;
  const tooLarge = last.error?.code === 'too-large';

  return {
    url: last.url,
    source: configured ? 'configured' : 'discovered',
    scrapes: attempts.filter((a) => a.status === 200).length,
    // A 200 whose body broke the size cap still answered; one that never completed did not.
    reachable: answered !== null || (tooLarge && last.status === 200),
    status: last.status,
    contentType,
    format: answered ? formatOf(contentType ?? undefined) : null,
    contentTypeKnown: answered ? formatOf(contentType ?? undefined) !== null : null,
    contentEncoding: answered?.headers['content-encoding'] ?? null,
    bytes: answered?.body.length ?? null,
    scrapeMs: answered?.totalMs ?? null,
    scrapeBudgetMs: o.scrapeBudgetMs,
    withinBudget: answered ? answered.totalMs <= o.scrapeBudgetMs : null,
    maxBytes: o.maxBytes,
    withinLimits: tooLarge ? false : answered ? true : null,
    evidence: {
      endpoint: attempts.map(describeAttempt),
      scrape: answered ? [describeAttempt(last)] : [],
      limits: tooLarge ? [`${last.url}: ${last.error!.message}`] : [],
    },
  };
}

function limitFacts(parsed: ParsedExposition, o: MetricsOptions) {
  return { withinLimits: parsed.limitBreached === null, maxSamples: o.maxSamples, maxLineBytes: o.maxLineBytes };
}

function limitEvidence(parsed: ParsedExposition, o: MetricsOptions): string[] {
  const b = parsed.limitBreached;
  if (b === null) return [];
  if (b.limit === 'maxSamples') return [`more than ${o.maxSamples} samples (maxSamples); parsing stopped at line ${b.line}`];
  return [`line ${b.line} is longer than ${o.maxLineBytes} characters (maxLineBytes)`];
}
