/** RED metrics for distroready's own endpoints, labelled by route template, not raw path. */
import type { RequestHandler } from 'express';
import type { Metrics } from '../metrics/metrics';

export function requestMetrics(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const end = metrics.httpRequestDuration.startTimer();
    res.on('finish', () => {
      // Unmatched paths share one label value, so scanners cannot explode cardinality.
      const route = (req.route as { path?: string } | undefined)?.path;
      end({ method: req.method, route: route ? `${req.baseUrl}${route}` : 'unmatched', status_code: String(res.statusCode) });
    });
    next();
  };
}
