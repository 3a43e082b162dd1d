/**
 * `POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews`: "may I?" answered from
 * the caller's own rules, the way `kubectl auth can-i` and distroready's start-up check
 * ask. Every authenticated user may create one (system:basic-user grants it).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeAccessReviewSpec, isProtobuf } from './protobuf';
import { allows, type Identity } from './rbac';
import { sendJson, sendStatus, status } from './status';

const MAX_BODY = 64 * 1024;

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        resolve(null);
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => resolve(null));
  });
}

export async function handleAccessReview(req: IncomingMessage, res: ServerResponse, identity: Identity, counter: { reviews: number }): Promise<void> {
  const body = await readBody(req);
  let review: { spec?: { resourceAttributes?: Record<string, string>; nonResourceAttributes?: Record<string, string> } };
  try {
    if (body === null) throw new Error('body too large');
    review = isProtobuf(body) ? { spec: decodeAccessReviewSpec(body) } : (JSON.parse(body.toString('utf8')) as typeof review);
  } catch {
    return sendStatus(res, status(400, 'BadRequest', 'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf'));
  }
  counter.reviews++;
  const attrs = review.spec?.resourceAttributes;
  if (!attrs && !review.spec?.nonResourceAttributes) {
    return sendStatus(res, status(422, 'Invalid', 'SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified'));
  }
  const allowed = attrs
    ? allows(identity, { verb: attrs.verb ?? '', group: attrs.group ?? '', resource: attrs.resource ?? '', subresource: attrs.subresource || undefined, namespace: attrs.namespace ?? '', name: attrs.name })
    : false;
  sendJson(res, 201, {
    kind: 'SelfSubjectAccessReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec: review.spec,
    status: allowed ? { allowed: true, reason: `RBAC: allowed for user "${identity.user}"` } : { allowed: false },
  });
}
