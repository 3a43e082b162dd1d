/** Both encodings of a span come out the same; bad ids are rejected one by one, not the request. */
import { MalformedRequest, normalizeRequest, SPAN_LIMITS } from '../../src/otlp/normalize';
import { decodeExportRequest, otlpTypes } from '../../src/otlp/otlp-proto';

const TRACE = '5b8efff798038103d269b633813fc60c';
const SPAN = 'eee19b7ec3c1b174';

function jsonRequest(span: Record<string, unknown>, resourceAttrs = [{ key: 'service.name', value: { stringValue: 'svc' } }]) {
  return { resourceSpans: [{ resource: { attributes: resourceAttrs }, scopeSpans: [{ scope: { name: 'scope' }, spans: [span] }] }] };
}

const good = {
  traceId: TRACE,
  spanId: SPAN,
  parentSpanId: '',
  name: 'GET /',
  kind: 2,
  startTimeUnixNano: '1544712660000000000',
  endTimeUnixNano: '1544712661000000000',
  attributes: [
    { key: 'http.request.method', value: { stringValue: 'GET' } },
    { key: 'http.response.status_code', value: { intValue: '200' } },
    { key: 'sampled', value: { boolValue: true } },
    { key: 'tags', value: { arrayValue: { values: [{ stringValue: 'a' }] } } },
  ],
};

describe('normalizeRequest', () => {
  it('reads OTLP/JSON: hex ids, string int64s, integer enums', () => {
    const [span] = normalizeRequest(jsonRequest(good), 'http/json').spans;
    expect(span).toMatchObject({
      traceId: TRACE,
      spanId: SPAN,
      parentSpanId: null,
      kind: 2,
      startMs: 1544712660000,
      attributes: { 'http.request.method': 'GET', 'http.response.status_code': 200, sampled: true, tags: '[1 values]' },
      resource: { serviceName: 'svc' },
      scope: 'scope',
    });
  });

  it('reads the same span from protobuf', () => {
    const type = otlpTypes().request;
    const proto = jsonRequest({ ...good, traceId: Buffer.from(TRACE, 'hex'), spanId: Buffer.from(SPAN, 'hex'), parentSpanId: Buffer.alloc(0), attributes: good.attributes.slice(0, 3) });
    const body = type.encode(type.fromObject(proto)).finish();
    const fromJson = normalizeRequest(jsonRequest({ ...good, attributes: good.attributes.slice(0, 3) }), 'http/json', 1).spans[0]!;
    const fromProto = normalizeRequest(decodeExportRequest(body), 'http/protobuf', 1).spans[0]!;
    expect({ ...fromProto, transport: null }).toEqual({ ...fromJson, transport: null });
  });

  it.each([
    ['an all-zero trace id', { traceId: '0'.repeat(32) }],
    ['a short span id', { spanId: 'abcd' }],
    ['a non-hex trace id', { traceId: 'z'.repeat(32) }],
    ['a parent id of the wrong length', { parentSpanId: 'ab' }],
    ['no trace id', { traceId: '' }],
  ])('rejects the span with %s', (_name, over) => {
    const out = normalizeRequest(jsonRequest({ ...good, ...over }), 'http/json');
    expect(out.spans).toHaveLength(0);
    expect(out.invalid).toBe(1);
    expect(out.firstInvalid).toMatch(/trace id must be 16 bytes/);
  });

  it.each([
    ['resourceSpans not a list', { resourceSpans: {} }],
    ['a span that is a string', { resourceSpans: [{ scopeSpans: [{ spans: ['x'] }] }] }],
    ['a kind that is an object', jsonRequest({ ...good, kind: {} })],
    ['a timestamp that is not a number', jsonRequest({ ...good, startTimeUnixNano: 'soon' })],
    ['an id that is a number', jsonRequest({ ...good, traceId: 5 })],
  ])('refuses the request with %s', (_name, request) => {
    expect(() => normalizeRequest(request, 'http/json')).toThrow(MalformedRequest);
  });

  it('bounds what one span may keep, however many attributes it sends', () => {
    const attributes = Array.from({ length: 500 }, (_, i) => ({ key: `k${i}`.repeat(100), value: { stringValue: 'v'.repeat(10_000) } }));
    const [span] = normalizeRequest(jsonRequest({ ...good, attributes, name: 'n'.repeat(10_000) }), 'http/json').spans;
    expect(Object.keys(span!.attributes)).toHaveLength(SPAN_LIMITS.attributes);
    for (const [k, v] of Object.entries(span!.attributes)) {
      expect(k.length).toBeLessThanOrEqual(SPAN_LIMITS.keyChars);
      expect(String(v).length).toBeLessThanOrEqual(SPAN_LIMITS.valueChars);
    }
    expect(span!.name.length).toBe(SPAN_LIMITS.nameChars);
  });
});
