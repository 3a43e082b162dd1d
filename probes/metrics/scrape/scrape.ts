/**
 * Finds and scrapes a metrics endpoint the way Prometheus does: the same Accept header
 * (OpenMetrics 1.0.0 preferred, text 0.0.4 accepted), gzip accepted, the body capped after
 * decompression, one deadline for the whole request.
 */
import type { HttpClient, HttpError, HttpResponse } from '../../../src/net/http-client';
import type { ExpositionFormat } from '../parser/exposition';

/** What Prometheus 2.x sends when scraping. */
export const PROMETHEUS_ACCEPT =
  'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

/** Where metrics usually live when the config names no URL. */
export const DISCOVERY_PATHS = ['/metrics', '/actuator/prometheus', '/metrics/prometheus'] as const;

export interface ScrapeOptions {
  timeoutMs: number;
  maxBytes: number;
  signal: AbortSignal;
}

export interface Attempt {
  url: string;
  status: number | null;
  error: HttpError | null;
  response: HttpResponse | null;
}

/** The format a Content-Type announces; `null` when it names neither (Prometheus 2 then assumes text). */
export function formatOf(contentType: string | undefined): ExpositionFormat | null {
  const media = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (media === 'application/openmetrics-text') return 'openmetrics';
  if (media === 'text/plain') return 'text';
  return null;
}

async function scrapeOnce(http: HttpClient, url: string, o: ScrapeOptions): Promise<Attempt> {
  const result = await http.request({
    url,
    timeoutMs: o.timeoutMs,
    maxBytes: o.maxBytes,
    maxRedirects: 3,
    signal: o.signal,
    headers: { accept: PROMETHEUS_ACCEPT, 'accept-encoding': 'gzip', 'user-agent': 'Prometheus/2.42.0 (distroready)' },
  });
  if (!result.ok) return { url, status: result.error.status ?? null, error: result.error, response: null };
  return { url, status: result.response.status, error: null, response: result.response };
}

/**
 * Scrapes the configured URL, or tries the usual paths in order until one answers 200.
 * Discovery stops at the first answer that is not an HTTP "not here" (a timeout, a
 * refusal or an oversized body says the same about every path on that server).
 */
export async function findAndScrape(http: HttpClient, configured: string | undefined, baseUrl: string | undefined, o: ScrapeOptions): Promise<Attempt[]> {
  const urls = configured ? [configured] : DISCOVERY_PATHS.map((p) => `${baseUrl}${p}`);
  const attempts: Attempt[] = [];
  for (const url of urls) {
    const a = await scrapeOnce(http, url, o);
    attempts.push(a);
    if (a.status === 200 || a.error !== null) break;
  }
  return attempts;
}

/** `GET url → 200 text/plain, 12 kB in 3 ms`, the line evidence is made of. */
export function describeAttempt(a: Attempt): string {
  if (a.error) return `GET ${a.url} → ${a.error.code}: ${a.error.message} after ${a.error.elapsedMs} ms${a.status ? ` (status ${a.status})` : ''}`;
  const r = a.response!;
  const type = r.headers['content-type'] ?? 'no content-type';
  const enc = r.headers['content-encoding'] ? `, ${r.headers['content-encoding']}` : '';
  return `GET ${a.url} → ${r.status} ${type}${enc}, ${r.body.length} bytes in ${r.totalMs} ms`;
}
