/**
 * The protobuf wire format, read in place: varints into two 32-bit halves (no `Long`),
 * length-checked fields, short ASCII strings recognised by their bytes, UTF-8 checked
 * natively. `otlp-wire.ts` walks the OTLP messages with it.
 */
import { isUtf8 } from 'node:buffer';

/** The bytes are not a well-formed ExportTraceServiceRequest. */
export class WireError extends Error {}

/** Wire types. */
export const VARINT = 0;
export const FIXED64 = 1;
export const LEN = 2;
const FIXED32 = 5;
export const TWO_32 = 4294967296;

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
export class Wire {
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
export function mustBe(tag: number, wireType: number, what: string): void {
  if ((tag & 7) !== wireType) throw new WireError(`${what} has wire type ${tag & 7}, not ${wireType}`);
}
