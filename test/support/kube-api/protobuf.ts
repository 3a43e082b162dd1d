/**
 * Reads the protobuf form of a SelfSubjectAccessReview, which kubectl sends
 * (`Content-Type: application/vnd.kubernetes.protobuf`): the `k8s\0` magic, a
 * runtime.Unknown envelope (field 2 holds the object), then the generated messages of
 * k8s.io/api/authorization/v1 (spec = 2, resourceAttributes = 1, namespace = 1, verb = 2,
 * group = 3, version = 4, resource = 5, subresource = 6, name = 7).
 */
import { Reader } from 'protobufjs/minimal';

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

/** The length-delimited field `field` of a message, or `null`. */
function field(buf: Uint8Array, wanted: number): Uint8Array | null {
  const r = Reader.create(buf);
  while (r.pos < r.len) {
    const tag = r.uint32();
    if (tag >>> 3 === wanted && (tag & 7) === 2) return r.bytes();
    r.skipType(tag & 7);
  }
  return null;
}

function strings(buf: Uint8Array): Record<number, string> {
  const out: Record<number, string> = {};
  const r = Reader.create(buf);
  while (r.pos < r.len) {
    const tag = r.uint32();
    if ((tag & 7) === 2) out[tag >>> 3] = r.string();
    else r.skipType(tag & 7);
  }
  return out;
}

export function isProtobuf(body: Buffer): boolean {
  return body.length >= 4 && body.subarray(0, 4).equals(MAGIC);
}

/** The review's `spec` as JSON would carry it. Throws on a malformed body. */
export function decodeAccessReviewSpec(body: Buffer): { resourceAttributes?: Record<string, string>; nonResourceAttributes?: Record<string, string> } {
  const raw = field(body.subarray(4), 2);
  const spec = raw ? field(raw, 2) : null;
  if (!spec) throw new Error('no spec in the protobuf body');
  const resource = field(spec, 1);
  if (resource) {
    const s = strings(resource);
    return { resourceAttributes: { namespace: s[1] ?? '', verb: s[2] ?? '', group: s[3] ?? '', version: s[4] ?? '', resource: s[5] ?? '', subresource: s[6] ?? '', name: s[7] ?? '' } };
  }
  const nonResource = field(spec, 2);
  if (nonResource) {
    const s = strings(nonResource);
    return { nonResourceAttributes: { path: s[1] ?? '', verb: s[2] ?? '' } };
  }
  return {};
}
