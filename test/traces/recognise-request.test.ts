/** Which spans are "our request": the user agent we sent when recorded, else path, service and time. */
import type { RoundTripFacts } from '../../probes/traces/round-trip';
import { isOurRequest, type SeenSpan } from '../../probes/traces/wait-for-spans';

const rt: RoundTripFacts = {
  traceId: 'a'.repeat(32),
  spanId: 'b'.repeat(16),
  sentAt: 10_000,
  answeredAt: 10_050,
  status: 200,
  method: 'GET',
  url: 'http://127.0.0.1:8081/orders',
  userAgent: 'distroready/0.1 (trace-round-trip bbbbbbbbbbbbbbbb)',
};

function span(over: Partial<SeenSpan> & { service?: string | null }): SeenSpan {
  return {
    traceId: 'c'.repeat(32),
    spanId: 'd'.repeat(16),
    parentSpanId: null,
    name: 'GET',
    kind: 2,
    attributes: {},
    resource: { serviceName: over.service === undefined ? 'shop' : over.service, attributes: {} },
    startMs: 10_010,
    scope: '',
    ...over,
  };
}

describe('isOurRequest', () => {
  it.each([
    ['our user agent (new conventions)', span({ attributes: { 'user_agent.original': rt.userAgent } }), true],
    ['our user agent (old conventions), even outside the window', span({ attributes: { 'http.user_agent': rt.userAgent }, startMs: 0 }), true],
    ['another client, same path and time', span({ attributes: { 'user_agent.original': 'curl/8', 'url.path': '/orders' } }), false],
    ['no user agent: same service, path and time', span({ attributes: { 'http.target': '/orders?x=1' } }), true],
    ['no user agent: another path (a health probe at the same time)', span({ attributes: { 'url.path': '/livez' } }), false],
    ['no user agent: outside the time window', span({ startMs: 20_000 }), false],
    ['no user agent: another service', span({ service: 'billing' }), false],
    ['a client span', span({ kind: 3, attributes: { 'user_agent.original': rt.userAgent } }), false],
  ])('%s → %s', (_name, s, expected) => {
    expect(isOurRequest(s, rt, 'shop')).toBe(expected);
  });

  it('cannot tell by time alone when the service name is unknown', () => {
    expect(isOurRequest(span({}), rt, null)).toBe(false);
  });
});
