/**
 * Per-request telemetry for distroready's own endpoints: RED metrics labelled by route
 * template (not raw path), and one log line per request inside the request's span, so the
 * line carries its trace id. Probe and scrape traffic (/healthz, /readyz, /metrics) logs at
 * debug: it arrives every few seconds and says nothing new.
 */
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Metrics } from '../metrics/metrics';

const QUIET = new Set(['/healthz', '/readyz', '/metrics']);

export function requestTelemetry(metrics: Metrics, logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    const end = metrics.httpRequestDuration.startTimer();
    res.on('finish', () => {
      // Unmatched paths share one label value, so scanners cannot explode cardinality.
      const template = (req.route as { path?: string } | undefined)?.path;
      const route = template ? `${req.baseUrl}${template}` : 'unmatched';
      end({ method: req.method, route, status_code: String(res.statusCode) });
      const entry = { method: req.method, route, status: res.statusCode, durationMs: Math.round(performance.now() - started) };
      if (QUIET.has(req.path)) logger.debug(entry, 'request served');
      else logger.info(entry, 'request served');
    });
    next();
  };
}
