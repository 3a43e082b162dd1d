// A workload that is ready for a distroless image: JSON logs on stdout (pino), Prometheus
// metrics (prom-client) with RED metrics, OpenTelemetry traces, and /livez + /readyz.
'use strict';
require('./tracing');
const http = require('node:http');
const pino = require('pino');
const client = require('prom-client');
const { trace } = require('@opentelemetry/api');

const log = pino({ base: { service: 'ready' } });
const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry });
const duration = new client.Histogram({
  name: 'http_server_request_duration_seconds',
  help: 'Duration of HTTP requests.',
  labelNames: ['method', 'route', 'status_code'],
  buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
  registers: [registry],
});
const requests = new client.Counter({
  name: 'http_server_requests_total',
  help: 'HTTP requests served.',
  labelNames: ['method', 'route', 'status_code'],
  registers: [registry],
});

let ready = false;
const routes = {
  '/livez': (res) => send(res, 200, { status: 'ok' }),
  '/readyz': (res) => send(res, ready ? 200 : 503, { status: ready ? 'ok' : 'starting' }),
  '/metrics': async (res) => {
    res.writeHead(200, { 'content-type': registry.contentType });
    res.end(await registry.metrics());
  },
  '/': (res) => send(res, 200, { hello: 'world' }),
};

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const server = http.createServer(async (req, res) => {
  const route = new URL(req.url, 'http://x').pathname;
  const handler = routes[route];
  const end = duration.startTimer({ method: req.method, route: handler ? route : 'unmatched' });
  // A bare http server has no router the instrumentation could ask: name the route ourselves.
  if (handler) trace.getActiveSpan()?.setAttribute('http.route', route);
  if (handler) await handler(res);
  else send(res, 404, { error: 'not found' });
  end({ status_code: res.statusCode });
  requests.inc({ method: req.method, route: handler ? route : 'unmatched', status_code: res.statusCode });
  if (route === '/') log.info({ method: req.method, path: route, status: res.statusCode }, 'request served');
});

const port = Number(process.env.PORT || 8081);
server.listen(port, () => {
  ready = true;
  log.info({ port }, 'listening');
});
process.once('SIGTERM', () => server.close(() => log.info('stopped')));
