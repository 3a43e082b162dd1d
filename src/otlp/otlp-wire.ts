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

/** The bytes are not a well-formed ExportTraceServiceRequest. */
export class WireError extends Error {}

const VARINT = 0;
const FIXED64 = 1;
const LEN = 2;
const FIXED32 = 5;
const TWO_32 = 4294967296;

/**
 * Short ASCII strings recur in every span (attribute keys, method, route, scheme, service
 * names). Recognising their bytes (a hash, then a byte compare) costs less than making a
 * fresh string and hashing that, and hands back one shared flat copy, as `intern` does
 * for the JSON path. A string is kept only the second time its hash is seen, so values
 * unique to a span (a URL path, a request id) neither fill the table nor become garbage
 * the collector must trace. The bytes are copied, so no request buffer is retained.
 * Bounded: the table is dropped when full.
 */
const SHORT_MAX_BYTES = 48;
const SHORT_MAX_ENTRIES = 16_384;
const shortStrings = new Map<number, { bytes: Uint8Array; text: string }>();
const SEEN_MASK = 0xffff;
const seenOnce = new Int32Array(SEEN_MASK + 1);

/** The string of `buf[start, end)` when it is short ASCII, else `null`. */
function shortAscii(buf: Buffer, start: number, end: number): string | null {
  const n = end - start;
  if (n > SHORT_MAX_BYTES) return null;
  let h = 0x811c9dc5 ^ n;
  for (let i = start; i < end; i++) {
    const c = buf[i]!;
    if (c >= 0x80) return null;
    h = Math.imul(h ^ c, 0x01000193);
  }
  const hit = shortStrings.get(h);
  if (hit !== undefined && hit.bytes.length === n) {
    const bytes = hit.bytes;
    let i = 0;
    while (i < n && bytes[i] === buf[start + i]) i++;
    if (i === n) return hit.text;
  }
  const text = buf.toString('latin1', start, end);
  if (seenOnce[h & SEEN_MASK] !== h) {
    seenOnce[h & SEEN_MASK] = h;
    return text;
  }
  if (shortStrings.size >= SHORT_MAX_ENTRIES) shortStrings.clear();
  shortStrings.set(h, { bytes: new Uint8Array(buf.subarray(start, end)), text });
  return text;
}

/** A cursor over one buffer; `lo`/`hi` hold the last 64-bit value read, so reading one allocates nothing. */
class Wire {
  pos = 0;
  lo = 0;
  hi = 0;
  /** Whether the last `string()` went through the short-string table (so needs no `intern`). */
  shared = false;
  constructor(readonly buf: Buffer) {}

  /** A varint into `lo`/`hi` (up to 10 bytes); returns `lo` as an unsigned 32-bit number. */
  varint(end: number): number {
    const b = this.buf;
    let lo = 0;
    let hi = 0;
    let shift = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= end) throw new WireError('truncated varint');
      const byte = b[this.pos++]!;
      if (shift < 28) lo |= (byte & 0x7f) << shift;
      else if (shift === 28) {
        lo |= (byte & 0x0f) << 28;
        hi |= (byte & 0x7f) >> 4;
      } else hi |= (byte & 0x7f) << (shift - 32);
      if (byte < 0x80) {
        this.lo = lo >>> 0;
        this.hi = hi >>> 0;
        return this.lo;
      }
      shift += 7;
    }
    throw new WireError('varint longer than 10 bytes');
  }

  /** A length prefix; returns the end of the field's bytes, checked against `end`. */
  len(end: number): number {
    const n = this.varint(end);
    if (this.hi !== 0 || this.pos + n > end) throw new WireError('length past the end of its message');
    return this.pos + n;
  }

  /** A fixed64 as an unsigned number (exact to 2^53, as a timestamp needs). */
  fixed64(end: number): number {
    if (this.pos + 8 > end) throw new WireError('truncated fixed64');
    const b = this.buf;
    const p = this.pos;
    this.pos += 8;
    const lo = (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16)) + b[p + 3]! * 0x1000000;
    const hi = (b[p + 4]! | (b[p + 5]! << 8) | (b[p + 6]! << 16)) + b[p + 7]! * 0x1000000;
    return hi * TWO_32 + lo;
  }

  skip(wireType: number, end: number): void {
    if (wireType === VARINT) this.varint(end);
    else if (wireType === FIXED64) this.pos += 8;
    else if (wireType === LEN) this.pos = this.len(end);
    else if (wireType === FIXED32) this.pos += 4;
    else throw new WireError(`wire type ${wireType} is not supported`);
    if (this.pos > end) throw new WireError('field past the end of its message');
  }

  /** A UTF-8 string field's text; invalid UTF-8 is an error, as proto3 requires. */
  string(start: number, end: number): string {
    const b = this.buf;
    const short = shortAscii(b, start, end);
    this.shared = short !== null;
    if (short !== null) return short;
    if (end - start <= 64) {
      let ascii = true;
      for (let i = start; i < end; i++) {
        if (b[i]! >= 0x80) {
          ascii = false;
          break;
        }
      }
      if (ascii) return b.toString('latin1', start, end);
    }
    if (!isUtf8(b.subarray(start, end))) throw new WireError('a string field is not valid UTF-8');
    return b.toString('utf8', start, end);
  }
}

/** A field tag's wire type, checked against what the field must have. */
function mustBe(tag: number, wireType: number, what: string): void {
  if ((tag & 7) !== wireType) throw new WireError(`${what} has wire type ${tag & 7}, not ${wireType}`);
}

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
