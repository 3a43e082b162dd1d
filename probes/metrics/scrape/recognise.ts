/**
 * What counts as a metrics endpoint. A 200 proves only that something answered: a
 * catch-all server answers 200 with `hello` on every path, and Prometheus would fail to
 * parse that scrape (up=0). So an answer is a metrics endpoint when its body is an
 * exposition:
 *
 * - at least one sample parses, whatever else is wrong with it (a broken exporter is still
 *   an exporter: its errors are the exposition check's to judge, line by line); or
 * - no sample, no error, and something says it is an exposition: a `# HELP`/`# TYPE` line
 *   (a registry whose labelled metrics have not been observed yet), or a Content-Type
 *   that names the format with its version (`text/plain; version=0.0.4`,
 *   `application/openmetrics-text`), as a client library's empty registry sends.
 *
 * An empty `text/plain` page, HTML, JSON or a greeting is not an exposition.
 */
import type { ParsedExposition } from '../parser/exposition';
import { formatOf } from './scrape';

export interface Recognition {
  exposition: boolean;
  /** Why not, in words for the evidence; `null` when it is one. */
  why: string | null;
}

/** The Content-Type names an exposition format and its version. */
function announcesExposition(contentType: string | undefined): boolean {
  const format = formatOf(contentType);
  if (format === 'openmetrics') return true;
  return format === 'text' && /;\s*version\s*=/i.test(contentType ?? '');
}

export function recognise(parsed: ParsedExposition, contentType: string | undefined, bytes: number): Recognition {
  if (parsed.samples > 0) return { exposition: true, why: null };
  const metadata = parsed.families.some((f) => f.typed || f.help !== null);
  if (parsed.errorCount === 0 && (metadata || announcesExposition(contentType))) return { exposition: true, why: null };
  if (bytes === 0) return { exposition: false, why: 'an empty body, and nothing says it is an empty exposition' };
  const first = parsed.errors[0];
  if (first) return { exposition: false, why: `not a Prometheus exposition (line ${first.line}: ${first.message})` };
  if (parsed.skippedLines > 0) return { exposition: false, why: 'not a Prometheus exposition (no line short enough to parse)' };
  return { exposition: false, why: 'not a Prometheus exposition (no sample, no metadata)' };
}
