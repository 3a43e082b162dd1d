/** The span index keeps its bounds: retention, caps in spans and bytes, and services. */
import { estimateBytes, MemorySpanIndex } from '../../src/otlp/span-index';
import type { IndexedSpan } from '../../src/otlp/span-types';

let seq = 0;
function span(over: Partial<IndexedSpan> & { service?: string } = {}): IndexedSpan {
  seq++;
  return {
    traceId: seq.toString(16).padStart(32, 'a'),
    spanId: seq.toString(16).padStart(16, 'b'),
    parentSpanId: null,
    name: 'GET /',
    kind: 2,
    startMs: 0,
    endMs: 1,
    attributes: { 'http.request.method': 'GET' },
    resource: { serviceName: over.service ?? 'svc', attributes: {} },
    scope: 'test',
    transport: 'http/protobuf',
    receivedAt: over.receivedAt ?? 0,
    ...over,
  };
}

describe('MemorySpanIndex', () => {
  let now = 0;
  const clock = (): number => now;
  beforeEach(() => (now = 1_000_000));

  it('finds spans by trace and by service, and forgets them after the retention', () => {
    const index = new MemorySpanIndex({ maxSpans: 100, maxBytes: 1e6, retentionMs: 1000, now: clock });
    const a = span({ receivedAt: now, traceId: 'f'.repeat(32) });
    const b = span({ receivedAt: now, traceId: 'f'.repeat(32), parentSpanId: a.spanId });
    expect(index.add([a, b]).accepted).toBe(2);
    expect(index.byTrace('f'.repeat(32))).toEqual([a, b]);
    expect(index.byService('svc')).toHaveLength(2);
    now += 1001;
    expect(index.byTrace('f'.repeat(32))).toEqual([]);
    expect(index.byService('svc')).toEqual([]);
    expect(index.stats()).toEqual({ spans: 0, bytes: 0, traces: 0, services: 0 });
  });

  it.each([
    ['spans', { maxSpans: 10, maxBytes: 1e9 }],
    ['bytes', { maxSpans: 1e6, maxBytes: 10 * estimateBytes(span()) + 1 }],
  ])('refuses a whole batch past its cap in %s, with a retry hint, and takes it once room frees up', (_cap, caps) => {
    const index = new MemorySpanIndex({ ...caps, retentionMs: 5000, now: clock });
    expect(index.add(Array.from({ length: 8 }, () => span({ receivedAt: now }))).accepted).toBe(8);
    now += 2000;
    const refused = index.add(Array.from({ length: 3 }, () => span({ receivedAt: now })));
    expect(refused).toEqual({ accepted: 0, invalid: 0, retryAfterMs: 3000 });
    expect(index.stats().spans).toBe(8);
    now += 3001;
    expect(index.add(Array.from({ length: 3 }, () => span({ receivedAt: now }))).accepted).toBe(3);
    expect(index.stats().spans).toBe(3);
  });

  it('keeps a bounded number of recent spans per service, and of services', () => {
    const index = new MemorySpanIndex({ maxSpans: 10_000, maxBytes: 1e9, retentionMs: 60_000, perService: 5, maxServices: 3, now: clock });
    index.add(Array.from({ length: 20 }, () => span({ receivedAt: now, service: 'busy' })));
    expect(index.byService('busy')).toHaveLength(5);
    for (const name of ['a', 'b', 'c']) {
      now += 1;
      index.add([span({ receivedAt: now, service: name })]);
    }
    expect(index.stats().services).toBe(3);
    expect(index.byService('busy')).toEqual([]);
    expect(index.byService('c')).toHaveLength(1);
  });

  it('tells subscribers of each batch, and a throwing subscriber does not fail the add', () => {
    const index = new MemorySpanIndex({ maxSpans: 100, maxBytes: 1e6, retentionMs: 1000, now: clock });
    const seen: number[] = [];
    index.subscribe(() => {
      throw new Error('bug in a probe');
    });
    const off = index.subscribe((spans) => seen.push(spans.length));
    expect(index.add([span({ receivedAt: now }), span({ receivedAt: now })]).accepted).toBe(2);
    off();
    index.add([span({ receivedAt: now })]);
    expect(seen).toEqual([2]);
  });
});
