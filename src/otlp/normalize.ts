/**
 * Turns a decoded ExportTraceServiceRequest into the spans the index keeps. One walker for
 * both encodings: protobufjs hands over camelCase objects with `Buffer` ids and `Long`
 * timestamps; OTLP/JSON has the same keys with hex ids, string int64s and integer enums.
 * Structural nonsense (a string where a list belongs) is a `MalformedRequest`, which the
 * receivers answer with 400; a span with a bad id is counted as rejected (partial success).
 */
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { AttributeValue, IndexedSpan, OtlpTransport, SpanResource } from './span-types';

/** The request is not an OTLP trace export at all. */
export class MalformedRequest extends Error {}

/** Bounds on what one span may cost the index, whatever the sender put in it. */
export const SPAN_LIMITS = { attributes: 32, keyChars: 128, valueChars: 256, nameChars: 256 } as const;

export interface Normalized {
  spans: IndexedSpan[];
  invalid: number;
  /** The first reason a span was rejected, for the partial-success message. */
  firstInvalid?: string;
}

type Obj = Record<string, unknown>;

const KINDS: Record<string, number> = {
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
};

function list(v: unknown, what: string): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new MalformedRequest(`${what} must be a list`);
  return v;
}

function obj(v: unknown, what: string): Obj {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw new MalformedRequest(`${what} must be an object`);
  return v as Obj;
}

function str(v: unknown, what: string): string {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw new MalformedRequest(`${what} must be a string`);
  return v;
}

const HEX = /^[0-9a-f]*$/i;
const ZEROS: Record<number, string> = { 8: '0'.repeat(16), 16: '0'.repeat(32) };

/** An id as lowercase hex, `''` when empty, `null` when it is not an id of `bytes` bytes. */
function hexId(v: unknown, bytes: number): string | null {
  // protobufjs leaves an absent bytes field as its shared empty-array default.
  if (v === undefined || v === null || v === '' || ((Array.isArray(v) || v instanceof Uint8Array) && v.length === 0)) return '';
  let hex: string;
  if (typeof v === 'string') {
    if (!HEX.test(v)) return null;
    hex = v.toLowerCase();
  } else if (Buffer.isBuffer(v)) {
    hex = v.toString('hex');
  } else if (v instanceof Uint8Array) {
    hex = Buffer.from(v.buffer, v.byteOffset, v.length).toString('hex');
  } else {
    throw new MalformedRequest('ids must be bytes (hex strings in JSON)');
  }
  if (hex.length !== bytes * 2 || hex === ZEROS[bytes]) return null;
  return hex;
}

/** An int64 as a JS number (Long from protobufjs, number or decimal string from JSON). */
function int64(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const n = Number(v);
    if (!Number.isFinite(n)) throw new MalformedRequest('64-bit integers must be numbers or decimal strings');
    return n;
  }
  if (v && typeof v === 'object' && 'low' in v && 'high' in v) {
    // Precision beyond 2^53 is lost, which costs a timestamp less than a microsecond.
    const l = v as { low: number; high: number; unsigned?: boolean };
    const high = l.unsigned ? l.high >>> 0 : l.high;
    return high * 4294967296 + (l.low >>> 0);
  }
  return 0;
}

const nanosToMs = (v: unknown): number => int64(v) / 1e6;

/**
 * Span names and short attribute values repeat across spans, but the decoder hands over a
 * fresh string each time, often a rope of pieces. Keeping one flat copy cuts what an
 * indexed span retains from ~1,390 to ~490 bytes (bench/otlp-ingest.ts workload), and
 * retained bytes are what garbage collection costs under load. (Keys need none of this:
 * V8 shares property names itself.) Bounded: the table is dropped when full.
 */
const interned = new Map<string, string>();
/** Shared with `otlp-wire.ts`, which makes the same entries from protobuf bytes. */
const INTERN_MAX_ENTRIES = 16_384;
const INTERN_MAX_CHARS = 48;

export function intern(s: string): string {
  if (s.length > INTERN_MAX_CHARS) return s;
  const known = interned.get(s);
  if (known !== undefined) return known;
  if (interned.size >= INTERN_MAX_ENTRIES) interned.clear();
  interned.set(s, s);
  return s;
}

/**
 * The member of an AnyValue that is present. Own properties only: decoded messages carry
 * defaults for absent members on their prototype (`''`, `false`, `0`).
 */
function anyValue(v: unknown): AttributeValue | undefined {
  const a = obj(v, 'attribute value');
  if (Object.hasOwn(a, 'stringValue') && typeof a.stringValue === 'string') return intern(a.stringValue.slice(0, SPAN_LIMITS.valueChars));
  if (Object.hasOwn(a, 'boolValue') && typeof a.boolValue === 'boolean') return a.boolValue;
  if (Object.hasOwn(a, 'intValue') && a.intValue !== null) return int64(a.intValue);
  if (Object.hasOwn(a, 'doubleValue') && typeof a.doubleValue === 'number') return a.doubleValue;
  if (a.arrayValue) return `[${list(obj(a.arrayValue, 'arrayValue').values, 'arrayValue.values').length} values]`;
  if (a.kvlistValue) return `{${list(obj(a.kvlistValue, 'kvlistValue').values, 'kvlistValue.values').length} keys}`;
  return undefined;
}

function attributes(v: unknown): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  let n = 0;
  for (const item of list(v, 'attributes')) {
    if (n >= SPAN_LIMITS.attributes) break;
    const kv = obj(item, 'attribute');
    const value = anyValue(kv.value);
    if (value === undefined) continue;
    out[str(kv.key, 'attribute key').slice(0, SPAN_LIMITS.keyChars)] = value;
    n++;
  }
  return out;
}

function kindOf(v: unknown): number {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && v in KINDS) return KINDS[v]!;
  if (v === undefined || v === null) return 0;
  throw new MalformedRequest('span kind must be an integer');
}

/** The partial-success message for a span whose ids are not valid. */
export function invalidSpanMessage(name: string): string {
  return `span ${JSON.stringify(name.slice(0, 64))}: trace id must be 16 bytes and span id 8 bytes, not all zero`;
}

/** Walks every span of the request. Throws `MalformedRequest` on structural nonsense. */
export function normalizeRequest(request: unknown, transport: OtlpTransport, now = Date.now()): Normalized {
  const out: Normalized = { spans: [], invalid: 0 };
  for (const rsItem of list(obj(request, 'request').resourceSpans, 'resourceSpans')) {
    const rs = obj(rsItem, 'resourceSpans[]');
    const resAttrs = attributes(obj(rs.resource, 'resource').attributes);
    const name = resAttrs[ATTR_SERVICE_NAME];
    const resource: SpanResource = { serviceName: typeof name === 'string' ? name : null, attributes: resAttrs };
    for (const ssItem of list(rs.scopeSpans, 'scopeSpans')) {
      const ss = obj(ssItem, 'scopeSpans[]');
      const scope = str(obj(ss.scope, 'scope').name, 'scope.name').slice(0, SPAN_LIMITS.nameChars);
      for (const spanItem of list(ss.spans, 'spans')) {
        const s = obj(spanItem, 'span');
        const traceId = hexId(s.traceId, 16);
        const spanId = hexId(s.spanId, 8);
        const parent = hexId(s.parentSpanId, 8);
        if (!traceId || !spanId || parent === null) {
          out.invalid++;
          out.firstInvalid ??= invalidSpanMessage(str(s.name, 'span name'));
          continue;
        }
        out.spans.push({
          traceId,
          spanId,
          parentSpanId: parent === '' ? null : parent,
          name: intern(str(s.name, 'span name').slice(0, SPAN_LIMITS.nameChars)),
          kind: kindOf(s.kind),
          startMs: nanosToMs(s.startTimeUnixNano),
          endMs: nanosToMs(s.endTimeUnixNano),
          attributes: attributes(s.attributes),
          resource,
          scope,
          transport,
          receivedAt: now,
        });
      }
    }
  }
  return out;
}
