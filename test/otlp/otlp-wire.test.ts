/**
 * The wire decoder against protobufjs + normalizeRequest, the path it replaces: on the
 * SDK's own serialisation and on generated requests (fixed seed), both give the same index
 * entries; on malformed bytes it fails with a WireError, never anything else.
 */
import * as fc from 'fast-check';
import { normalizeRequest } from '../../src/otlp/normalize';
import { decodeExportRequest, otlpTypes } from '../../src/otlp/otlp-proto';
import { decodeSpans, WireError } from '../../src/otlp/otlp-wire';
import { makeSpans, protobufBody } from '../support/otlp';

const NOW = 1_700_000_000_000;
const reference = (bytes: Uint8Array): unknown => normalizeRequest(decodeExportRequest(bytes), 'grpc', NOW);

const bytesOf = (n: number): fc.Arbitrary<Uint8Array> => fc.oneof(fc.uint8Array({ minLength: n, maxLength: n }), fc.constant(new Uint8Array(n)), fc.uint8Array({ maxLength: n + 2 }));
const text = fc.oneof(fc.string({ maxLength: 20 }), fc.string({ unit: 'grapheme', maxLength: 300 }), fc.constantFrom('service.name', 'http.route', ''));
const anyValue = fc.oneof(
  fc.record({ stringValue: text }),
  fc.record({ boolValue: fc.boolean() }),
  fc.record({ intValue: fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.constant(-1)) }),
  fc.record({ doubleValue: fc.double() }),
  fc.record({ arrayValue: fc.record({ values: fc.array(fc.record({ stringValue: fc.string() }), { maxLength: 4 }) }) }),
  fc.record({ kvlistValue: fc.record({ values: fc.array(fc.record({ key: fc.string(), value: fc.record({ boolValue: fc.boolean() }) }), { maxLength: 3 }) }) }),
  fc.record({ bytesValue: fc.uint8Array({ maxLength: 4 }) }),
  fc.record({ stringValue: text, intValue: fc.integer() }),
  fc.constant({}),
);
const attributes = fc.array(fc.record({ key: text, value: anyValue }, { requiredKeys: ['key'] }), { maxLength: 40 });
const span = fc.record(
  {
    traceId: bytesOf(16),
    spanId: bytesOf(8),
    parentSpanId: fc.oneof(bytesOf(8), fc.constant(new Uint8Array(0))),
    name: text,
    kind: fc.integer({ min: -2, max: 7 }),
    startTimeUnixNano: fc.bigInt({ min: 0n, max: 2n ** 63n }).map(String),
    endTimeUnixNano: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(String),
    attributes,
    traceState: fc.string(),
    flags: fc.nat(),
    status: fc.record({ code: fc.integer({ min: 0, max: 2 }), message: fc.string() }),
  },
  { requiredKeys: [] },
);
const request = fc.record({
  resourceSpans: fc.array(
    fc.record(
      {
        resource: fc.record({ attributes }, { requiredKeys: [] }),
        scopeSpans: fc.array(fc.record({ scope: fc.record({ name: text, version: fc.string() }, { requiredKeys: [] }), spans: fc.array(span, { maxLength: 4 }) }, { requiredKeys: [] }), { maxLength: 3 }),
        schemaUrl: fc.string(),
      },
      { requiredKeys: [] },
    ),
    { maxLength: 3 },
  ),
});

describe('OTLP wire decoder', () => {
  it('gives the same index entries as protobufjs + normalizeRequest on the SDK serialisation', () => {
    const body = protobufBody(makeSpans(50, 'wire-svc', 12));
    const ours = decodeSpans(body, 'grpc', NOW);
    expect(ours.spans).toHaveLength(50);
    expect(ours).toEqual(reference(body));
  });

  it('gives the same index entries on generated requests (fast-check, fixed seed)', () => {
    const type = otlpTypes().request;
    fc.assert(
      fc.property(request, (r) => {
        const bytes = type.encode(type.fromObject(r)).finish();
        expect(decodeSpans(bytes, 'grpc', NOW)).toEqual(reference(bytes));
      }),
      { seed: 20_261_201, numRuns: 300 },
    );
  });

  it('applies the same caps: 32 attributes, 128-character keys, 256-character values and names', () => {
    const type = otlpTypes().request;
    const long = 'é'.repeat(2000);
    const r = {
      resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: Buffer.alloc(16, 1), spanId: Buffer.alloc(8, 2), name: long, attributes: Array.from({ length: 50 }, (_, i) => ({ key: `${i}${long}`, value: { stringValue: long } })) }] }] }],
    };
    const bytes = type.encode(type.fromObject(r)).finish();
    const [s] = decodeSpans(bytes, 'grpc', NOW).spans;
    expect(Object.keys(s!.attributes)).toHaveLength(32);
    expect(s!.name).toHaveLength(256);
    expect(decodeSpans(bytes, 'grpc', NOW)).toEqual(reference(bytes));
  });

  it.each([
    ['a truncated length', Buffer.from([0x0a, 0x05, 0x12])],
    ['a 12-byte varint', Buffer.from([0x08, ...Array(11).fill(0xff), 0x01])],
    ['a group wire type', Buffer.from([0x0b])],
    ['resource_spans as a varint', Buffer.from([0x08, 0x01])],
    ['invalid UTF-8 in a span name', Buffer.from([0x0a, 0x08, 0x12, 0x06, 0x12, 0x04, 0x2a, 0x02, 0xc3, 0x28])],
  ])('answers %s with a WireError', (_name, bytes) => {
    expect(() => decodeSpans(bytes, 'grpc', NOW)).toThrow(WireError);
  });

  it('fails on arbitrary bytes only with a WireError (fast-check, fixed seed)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        try {
          const out = decodeSpans(bytes, 'grpc', NOW);
          expect(out.spans.length + out.invalid).toBeLessThanOrEqual(bytes.length);
        } catch (err) {
          if (!(err instanceof WireError)) throw err;
        }
      }),
      { seed: 20_261_201, numRuns: 2000 },
    );
  });
});
