/**
 * The one step that turns a host into addresses distroready may connect to: resolve every
 * address of a name (or take a literal as is) and hold each to the address policy. The
 * HTTP client's connect-time lookup, raw TCP connects and the API's pre-check of ad-hoc
 * targets all go through here, so none can check less than the others.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { normalizeIp, type AddressPolicy } from './address-policy';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export type Resolution =
  | { ok: true; addresses: ResolvedAddress[] }
  | { ok: false; kind: 'dns'; reason: string }
  | { ok: false; kind: 'denied'; reason: string };

export async function resolvePermitted(host: string, policy: AddressPolicy): Promise<Resolution> {
  const bare = host.replace(/^\[|\]$/g, '');
  let addresses: ResolvedAddress[];
  if (isIP(bare) !== 0) addresses = [{ address: normalizeIp(bare), family: isIP(normalizeIp(bare)) === 6 ? 6 : 4 }];
  else {
    try {
      addresses = (await lookup(bare, { all: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
    } catch (err) {
      return { ok: false, kind: 'dns', reason: `name not resolved (${(err as Error).message})` };
    }
    if (addresses.length === 0) return { ok: false, kind: 'dns', reason: `no address for ${bare}` };
  }
  // Every address: a name with one allowed and one metadata address must not get through.
  for (const a of addresses) {
    const reason = policy.denies(normalizeIp(a.address), bare);
    if (reason) return { ok: false, kind: 'denied', reason };
  }
  return { ok: true, addresses };
}
