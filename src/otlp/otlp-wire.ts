/**
 * OTLP/protobuf trace requests read straight from the wire into index entries, without
 * protobufjs's intermediate message objects: the field numbers and types are those of
 * `otlp-proto.ts` (the official definitions), and the result is what `normalizeRequest`
 * makes of protobufjs's decoding of the same bytes (test/otlp/otlp-wire.test.ts holds the
 * two to each other). Why: the objects, `Long`s and string ropes protobufjs builds for
 * every span, only to be copied and dropped, were two-thirds of ingest CPU and most of its
 * garbage (BENCHMARKS.md, OTLP ingest).
 *
 * Strings must be valid UTF-8 (proto3), as protobufjs verifies; unknown fields are skipped;
 * a wire type that does not match a known field, a length past its message, or a group is
 * a `WireError`, which the receivers answer with 400 / INVALID_ARGUMENT.
 */
import { isUtf8 } from 'node:buffer';
import { intern, invalidSpanMessage, SPAN_LIMITS, type Normalized } from './normalize';
import type { AttributeValue, OtlpTransport, SpanResource } from './span-types';
import { FIXED64, LEN, mustBe, TWO_32, VARINT, Wire, WireError } from './wire-reader';

export { WireError } from './wire-reader';

/** An id field as lowercase hex: `''` when empty, `null` when not `bytes` long or all zero. */
function hexId(wire: Wire, start: number, end: number, bytes: number): string | null {
  const n = end - start;
  if (n === 0) return '';
  if (n !== bytes) return null;
  const b = wire.buf;
  let zero = true;
  for (let i = start; i < end; i++) {
    if (b[i] !== 0) {
      zero = false;
      break;
    }
  }
  return zero ? null : b.toString('hex', start, end);
}

/** Counts the `values` (field 1) of an ArrayValue or KeyValueList. */
function countValues(wire: Wire, end: number): number {
  let n = 0;
  while (wire.pos < end) {
    const tag = wire.varint(end);
    if (tag >>> 3 === 1) n++;
    wire.skip(tag & 7, end);
  }
  return n;
}

/**
 * An AnyValue's primitive form, or `undefined` (bytes, or nothing set). When several
 * members are set, the first of string, bool, int, double, array, kvlist wins, as
 * `normalizeRequest` reads protobufjs's decoding.
 */
function anyValue(wire: Wire, end: number): AttributeValue | undefined {
  let str: string | undefined;
  let strShared = false;
  let bool: boolean | undefined;
  let int: number | undefined;
  let dbl: number | undefined;
  let arr: number | undefined;
  let kvs: number | undefined;
  while (wire.pos < end) {
    const tag = wire.varint(end);
    const field = tag >>> 3;
    if (field === 1) {
      mustBe(tag, LEN, 'AnyValue.string_value');
      const e = wire.len(end);
      // Only the first valueChars characters are kept: a long value is checked whole but
      // decoded no further than 4 bytes a character reach (its cut tail is sliced off).
      const reach = wire.pos + 4 * SPAN_LIMITS.valueChars;
      if (e <= reach) {
        str = wire.string(wire.pos, e);
        strShared = wire.shared;
      } else if (isUtf8(wire.buf.subarray(wire.pos, e))) {
        str = wire.buf.toString('utf8', wire.pos, reach);
        strShared = false;
      } else throw new WireError('a string field is not valid UTF-8');
      wire.pos = e;
    } else if (field === 2) {
      mustBe(tag, VARINT, 'AnyValue.bool_value');
      bool = wire.varint(end) !== 0; // the low 32 bits, as protobufjs reads a bool
    } else if (field === 3) {
      mustBe(tag, VARINT, 'AnyValue.int_value');
      wire.varint(end);
      int = (wire.hi | 0) * TWO_32 + wire.lo;
    } else if (field === 4) {
      mustBe(tag, FIXED64, 'AnyValue.double_value');
      if (wire.pos + 8 > end) throw new WireError('truncated double');
      dbl = wire.buf.readDoubleLE(wire.pos);
      wire.pos += 8;
    } else if (field === 5 || field === 6) {
      mustBe(tag, LEN, field === 5 ? 'AnyValue.array_value' : 'AnyValue.kvlist_value');
      const e = wire.len(end);
      const n = countValues(wire, e);
      if (field === 5) arr = n;
      else kvs = n;
    } else wire.skip(tag & 7, end);
  }
  if (str !== undefined) return strShared ? str : intern(str.slice(0, SPAN_LIMITS.valueChars));
  if (bool !== undefined) return bool;
  if (int !== undefined) return int;
  if (dbl !== undefined) return dbl;
  if (arr !== undefined) return `[${arr} values]`;
  if (kvs !== undefined) return `{${kvs} keys}`;
  return undefined;
}

/** One KeyValue into `out`; returns whether it was kept (a value of a kept kind). */
function keyValue(wire: Wire, end: number, out: Record<string, AttributeValue>): boolean {
  let key = '';
  let value: AttributeValue | undefined;
  while (wire.pos < end) {
    const tag = wire.varint(end);
    const field = tag >>> 3;
    if (field === 1) {
      mustBe(tag, LEN, 'KeyValue.key');
      const e = wire.len(end);
      key = wire.string(wire.pos, e);
      wire.pos = e;
    } else if (field === 2) {
      mustBe(tag, LEN, 'KeyValue.value');
      const e = wire.len(end);
      value = anyValue(wire, e);
      wire.pos = e;
    } else wire.skip(tag & 7, end);
  }
  if (value === undefined) return false;
  out[key.slice(0, SPAN_LIMITS.keyChars)] = value;
  return true;
}

/** Reads the attribute at the cursor (a KeyValue's bytes) if the cap leaves room. */
class Attributes {
  readonly out: Record<string, AttributeValue> = {};
  private n = 0;
  add(wire: Wire, end: number): void {
    if (this.n >= SPAN_LIMITS.attributes) {
      wire.pos = end;
      return;
    }
    if (keyValue(wire, end, this.out)) this.n++;
    wire.pos = end;
  }
}

/** Fields of a message at the cursor, last occurrence of each singular one wins (proto3). */
function lastOf(wire: Wire, end: number, field: number, what: string): { start: number; end: number } | null {
  let found: { start: number; end: number } | null = null;
  const from = wire.pos;
  while (wire.pos < end) {
    const tag = wire.varint(end);
    if (tag >>> 3 === field) {
      mustBe(tag, LEN, what);
      const e = wire.len(end);
      found = { start: wire.pos, end: e };
      wire.pos = e;
    } else wire.skip(tag & 7, end);
  }
  wire.pos = from;
  return found;
}

function resource(wire: Wire, range: { start: number; end: number } | null): SpanResource {
  const attrs = new Attributes();
  if (range) {
    wire.pos = range.start;
    while (wire.pos < range.end) {
      const tag = wire.varint(range.end);
      if (tag >>> 3 === 1) {
        mustBe(tag, LEN, 'Resource.attributes');
        attrs.add(wire, wire.len(range.end));
      } else wire.skip(tag & 7, range.end);
    }
  }
  const name = attrs.out['service.name'];
  return { serviceName: typeof name === 'string' ? name : null, attributes: attrs.out };
}

function scopeName(wire: Wire, range: { start: number; end: number } | null): string {
  if (!range) return '';
  wire.pos = range.start;
  const name = lastOf(wire, range.end, 1, 'InstrumentationScope.name');
  return name ? wire.string(name.start, name.end).slice(0, SPAN_LIMITS.nameChars) : '';
}

interface Batch {
  resource: SpanResource;
  scope: string;
  transport: OtlpTransport;
  now: number;
  out: Normalized;
}

function span(wire: Wire, end: number, batch: Batch): void {
  let traceId: string | null = '';
  let spanId: string | null = '';
  let parent: string | null = '';
  let name = '';
  let nameShared = false;
  let kind = 0;
  let startMs = 0;
  let endMs = 0;
  const attrs = new Attributes();
  while (wire.pos < end) {
    const tag = wire.varint(end);
    const field = tag >>> 3;
    if (field === 1 || field === 2 || field === 4) {
      mustBe(tag, LEN, 'Span id');
      const e = wire.len(end);
      const id = hexId(wire, wire.pos, e, field === 1 ? 16 : 8);
      if (field === 1) traceId = id;
      else if (field === 2) spanId = id;
      else parent = id;
      wire.pos = e;
    } else if (field === 5) {
      mustBe(tag, LEN, 'Span.name');
      const e = wire.len(end);
      name = wire.string(wire.pos, e);
      nameShared = wire.shared;
      wire.pos = e;
    } else if (field === 6) {
      mustBe(tag, VARINT, 'Span.kind');
      kind = wire.varint(end) | 0;
    } else if (field === 7 || field === 8) {
      mustBe(tag, FIXED64, 'Span timestamp');
      const ms = wire.fixed64(end) / 1e6;
      if (field === 7) startMs = ms;
      else endMs = ms;
    } else if (field === 9) {
      mustBe(tag, LEN, 'Span.attributes');
      attrs.add(wire, wire.len(end));
    } else wire.skip(tag & 7, end);
  }
  const { out } = batch;
  if (!traceId || !spanId || parent === null) {
    out.invalid++;
    out.firstInvalid ??= invalidSpanMessage(name);
    return;
  }
  out.spans.push({
    traceId,
    spanId,
    parentSpanId: parent === '' ? null : parent,
    name: nameShared ? name : intern(name.slice(0, SPAN_LIMITS.nameChars)),
    kind,
    startMs,
    endMs,
    attributes: attrs.out,
    resource: batch.resource,
    scope: batch.scope,
    transport: batch.transport,
    receivedAt: batch.now,
  });
}

function scopeSpans(wire: Wire, end: number, batch: Batch): void {
  const from = wire.pos;
  batch.scope = scopeName(wire, lastOf(wire, end, 1, 'ScopeSpans.scope'));
  wire.pos = from;
  while (wire.pos < end) {
    const tag = wire.varint(end);
    if (tag >>> 3 === 2) {
      mustBe(tag, LEN, 'ScopeSpans.spans');
      const e = wire.len(end);
      span(wire, e, batch);
      wire.pos = e;
    } else wire.skip(tag & 7, end);
  }
}

function resourceSpans(wire: Wire, end: number, batch: Batch): void {
  const from = wire.pos;
  batch.resource = resource(wire, lastOf(wire, end, 1, 'ResourceSpans.resource'));
  wire.pos = from;
  while (wire.pos < end) {
    const tag = wire.varint(end);
    if (tag >>> 3 === 2) {
      mustBe(tag, LEN, 'ResourceSpans.scope_spans');
      const e = wire.len(end);
      scopeSpans(wire, e, batch);
      wire.pos = e;
    } else wire.skip(tag & 7, end);
  }
}

/** The spans of an ExportTraceServiceRequest in protobuf; throws `WireError` on malformed bytes. */
export function decodeSpans(body: Uint8Array, transport: OtlpTransport, now = Date.now()): Normalized {
  const buf = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const wire = new Wire(buf);
  const batch: Batch = { resource: { serviceName: null, attributes: {} }, scope: '', transport, now, out: { spans: [], invalid: 0 } };
  const end = buf.length;
  while (wire.pos < end) {
    const tag = wire.varint(end);
    if (tag >>> 3 === 1) {
      mustBe(tag, LEN, 'ExportTraceServiceRequest.resource_spans');
      const e = wire.len(end);
      resourceSpans(wire, e, batch);
      wire.pos = e;
    } else wire.skip(tag & 7, end);
  }
  return batch.out;
}
