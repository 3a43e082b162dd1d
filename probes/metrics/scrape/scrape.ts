/**
 * Scrapes a metrics endpoint the way Prometheus does: the same Accept header (OpenMetrics
 * 1.0.0 preferred, text 0.0.4 accepted), gzip accepted, one deadline for the whole request,
 * and the body capped after decompression. A body over the cap is kept up to the cap (not
 * refused), so the answer can still be recognised and its size reported.
 */
import type { HttpClient, HttpError, HttpResponse } from '../../types';
import type { ExpositionFormat } from '../parser/exposition';

/** What Prometheus 2.x sends when scraping. */
export const PROMETHEUS_ACCEPT =
  'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

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

/**
 * The format a Content-Type announces; `null` when it names neither. Prometheus 3 fails a
 * scrape whose type is missing or names neither, unless `fallback_scrape_protocol` is set.
 */
export function formatOf(contentType: string | undefined): ExpositionFormat | null {
  const media = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (media === 'application/openmetrics-text') return 'openmetrics';
  if (media === 'text/plain') return 'text';
  return null;
}

export async function scrapeOnce(http: HttpClient, url: string, o: ScrapeOptions): Promise<Attempt> {
  const result = await http.request({
    url,
    timeoutMs: o.timeoutMs,
    maxBytes: o.maxBytes,
    allowTruncate: true,
    maxRedirects: 3,
    signal: o.signal,
    headers: { accept: PROMETHEUS_ACCEPT, 'accept-encoding': 'gzip', 'user-agent': 'Prometheus/2.42.0 (distroready)' },
  });
  if (!result.ok) return { url, status: result.error.status ?? null, error: result.error, response: null };
  return { url, status: result.response.status, error: null, response: result.response };
}

/** `GET url → 200 text/plain, gzip, 12034 bytes: first byte after 3 ms, 1 ms transfer`: what evidence is made of. */
export function describeAttempt(a: Attempt, note?: string): string {
  const tail = note ? `: ${note}` : '';
  if (a.error) return `GET ${a.url} → ${a.error.code}: ${a.error.message} after ${a.error.elapsedMs} ms${a.status ? ` (status ${a.status})` : ''}${tail}`;
  const r = a.response!;
  const type = r.headers['content-type'] ?? 'no content-type';
  const enc = r.headers['content-encoding'] ? `, ${r.headers['content-encoding']}` : '';
  const size = r.truncated ? `more than ${r.body.length} bytes after decompression (distroready's limit)` : `${r.body.length} bytes`;
  return `GET ${a.url} → ${r.status} ${type}${enc}, ${size}: first byte after ${r.timing.ttfbMs} ms, ${r.timing.transferMs} ms transfer${tail}`;
}
