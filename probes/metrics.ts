/**
 * The metrics probe: does the workload serve a valid, useful Prometheus/OpenMetrics
 * endpoint? It finds the endpoint (configured URL, else discovery), scrapes it as
 * Prometheus would, parses the exposition with a validating parser of our own, and reports
 * validity, lint, the signals it carries (runtime, RED, latency), cardinality, the target's
 * time and size, all bounded by limits that protect distroready.
 */
import type { ParsedExposition } from './metrics/parser/exposition';
import { MetricsFacts } from './metrics/facts-schema';
import { recognise } from './metrics/scrape/recognise';
import { DISCOVERY_PATHS, discover, type Read } from './metrics/scrape/discover';
import { scrapeFacts, type MetricsOptions } from './metrics/scrape/scrape-facts';
import { timeTarget } from './metrics/scrape/timing';
import { formatOf, scrapeOnce, type Attempt } from './metrics/scrape/scrape';
import { annotationFacts } from './metrics/scrape/annotation';
import { serviceMonitorFacts } from './metrics/scrape/service-monitor';
import type { Probe, ProbeContext } from './types';

/** The parser and the analysis passes load on the first scrape, not with the registry. */
const analysis = async () => ({
  ...(await import('./metrics/parser/parse')),
  ...(await import('./metrics/analysis/exposition-facts')),
  ...(await import('./metrics/analysis/usefulness')),
});
type Analysis = Awaited<ReturnType<typeof analysis>>;

export const metricsProbe: Probe<MetricsFacts> = {
  id: 'metrics',
  title: 'Metrics endpoint',
  facts: MetricsFacts,
  needsLiveTarget: true,
  // A request family (alertmanager's http_request_duration_seconds, any HistogramVec) has
  // no series until a request was served: scraping after the health probe's requests makes
  // what the scrape shows the same whichever probe happened to ask first.
  runsAfter: ['health'],
  completeWith: 'give it a url (or metrics.url) where its metrics endpoint answers',
  workloadKeys: {
    metrics: {
      type: 'object',
      additionalProperties: false,
      properties: { url: { type: 'string', pattern: '^https?://' } },
    },
  },
  // Limits on distroready's own work; what is too slow or too big is for the checks' params.
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      scrapeTimeoutMs: { type: 'integer', minimum: 100, default: 5000 },
      maxBytes: { type: 'integer', minimum: 1024, default: 10 * 1024 * 1024 },
      // Parsed samples are kept for lint and cardinality (~40 bytes each in the column store,
      // next to the body): this bounds memory per scrape even when a 10 MiB body holds
      // millions of tiny lines, and the analysis' work with it.
      maxSamples: { type: 'integer', minimum: 1, default: 200_000 },
      maxLineBytes: { type: 'integer', minimum: 256, default: 64 * 1024 },
      maxErrors: { type: 'integer', minimum: 1, maximum: 1000, default: 20 },
    },
  },

  async run(target, ctx) {
    const configured = (target.config.metrics as { url?: string } | undefined)?.url;
    if (!configured && !target.url) return { facts: {}, skipped: 'no url and no metrics.url to scrape' };
    const o = ctx.options as unknown as MetricsOptions;
    const a = await analysis();
    const scrapeOptions = { timeoutMs: o.scrapeTimeoutMs, maxBytes: o.maxBytes, signal: ctx.signal };
    const urls = configured ? [configured] : DISCOVERY_PATHS.map((p) => `${target.url}${p}`);
    const read = (attempt: Attempt): Read => readAnswer(attempt, o, a);
    const found = await discover(ctx.http, urls, scrapeOptions, read);
    let judged = found.found;
    let scrapes = judged ? 1 : 0;
    if (judged && !judged.attempt.response!.truncated && a.awaitsTraffic(judged.parsed.families)) {
      // The first scrape was itself a request: Prometheus' next scrape would see it counted.
      const again = await scrapeOnce(ctx.http, judged.attempt.url, scrapeOptions);
      scrapes++;
      const r = again.status === 200 && again.response ? read(again) : null;
      if (r?.recognition.exposition) judged = r;
    }
    const timing = judged ? await timeTarget(ctx.http, judged.attempt, scrapeOptions) : null;
    scrapes += timing?.extraScrapes ?? 0;
    // What lies past a cut (the byte limit, the sample limit) was not seen: only the errors before it are judged.
    const readWhole = judged !== null && !judged.attempt.response!.truncated && judged.parsed.limitBreached?.limit !== 'maxSamples';
    const exposition = readWhole ? a.expositionFacts(judged!.parsed) : null;
    const facts = scrapeFacts({ found, judged, timing, exposition, scrapes, source: configured ? 'configured' : 'discovered', options: o });
    logScrape(ctx, facts);
    const serviceMonitors = await serviceMonitorFacts(target, ctx.http, scrapeOptions, read, found);
    return { facts: { ...facts, annotation: annotationFacts(target), serviceMonitors } };
  },
};

/** Parses a 200 answer to tell an exposition from a catch-all's page; a cut body up to its last whole line. */
function readAnswer(attempt: Attempt, o: MetricsOptions, a: Analysis): Read {
  const r = attempt.response!;
  const contentType = r.headers['content-type'];
  let body = r.body;
  if (r.truncated) {
    const end = body.lastIndexOf(10);
    body = body.subarray(0, end + 1);
  }
  const parsed: ParsedExposition = a.parseExposition(body, formatOf(contentType) ?? 'text', {
    maxSamples: o.maxSamples, maxLineLength: o.maxLineBytes, maxErrors: o.maxErrors,
  });
  if (r.truncated && body.length === 0) {
    return { attempt, parsed, recognition: { exposition: false, why: `not a Prometheus exposition (no line end in the first ${r.body.length} bytes)` } };
  }
  return { attempt, parsed, recognition: recognise(parsed, contentType, r.body.length) };
}

function logScrape(ctx: ProbeContext, f: MetricsFacts): void {
  ctx.logger.debug({ url: f.url, found: f.found, series: f.series, errors: f.errorCount, scrapeMs: f.scrapeMs, clientBusyMs: f.clientBusyMs }, 'metrics scraped');
}
