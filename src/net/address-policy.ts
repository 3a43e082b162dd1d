/**
 * Which addresses distroready may connect to on behalf of an API caller. Checked on the
 * resolved address at connect time and again on every redirect, so a DNS name or a
 * redirect cannot smuggle a request to 169.254.169.254.
 */
import { BlockList, isIP } from 'node:net';

export interface AddressPolicy {
  /** `null` when the address may be reached; otherwise the reason it may not. */
  denies(ip: string, host: string): string | null;
}

/** Link-local and cloud-metadata ranges: never reachable, even when a CIDR covers them. */
const alwaysDenied = new BlockList();
alwaysDenied.addSubnet('169.254.0.0', 16, 'ipv4');
alwaysDenied.addSubnet('100.100.100.200', 32, 'ipv4'); // Alibaba Cloud metadata
alwaysDenied.addSubnet('0.0.0.0', 8, 'ipv4');
alwaysDenied.addSubnet('fe80::', 10, 'ipv6');
alwaysDenied.addSubnet('fd00:ec2::254', 128, 'ipv6'); // AWS IMDS over IPv6

/** The policy for the operator's own config: everything but link-local and metadata. */
export const operatorPolicy: AddressPolicy = {
  denies: (ip) => (isDeniedAlways(ip) ? `${ip} is link-local or a cloud metadata address` : null),
};

/** Reduces `::ffff:a.b.c.d` to `a.b.c.d`, so v4 rules apply to mapped addresses. */
export function normalizeIp(ip: string): string {
  const lower = ip.toLowerCase().replace(/^\[|\]$/g, '');
  if (!lower.startsWith('::ffff:')) return lower;
  const tail = lower.slice(7);
  if (isIP(tail) === 4) return tail;
  // The URL parser writes [::ffff:169.254.169.254] as [::ffff:a9fe:a9fe].
  const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(tail);
  if (!hex) return lower;
  const hi = Number.parseInt(hex[1]!, 16);
  const lo = Number.parseInt(hex[2]!, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

function family(ip: string): 'ipv4' | 'ipv6' {
  return isIP(ip) === 6 ? 'ipv6' : 'ipv4';
}

/**
 * `BlockList.check` builds a native address object per call; a fleet asks about the same
 * few thousand addresses over and over, so verdicts are remembered (bounded: the map is
 * emptied when full, which only costs recomputing).
 */
function cachedCheck(list: BlockList): (ip: string) => boolean {
  const seen = new Map<string, boolean>();
  return (ip) => {
    let verdict = seen.get(ip);
    if (verdict === undefined) {
      verdict = isIP(ip) !== 0 && list.check(ip, family(ip));
      if (seen.size >= 10_000) seen.clear();
      seen.set(ip, verdict);
    }
    return verdict;
  };
}

const inAlwaysDenied = cachedCheck(alwaysDenied);

function isDeniedAlways(ip: string): boolean {
  return inAlwaysDenied(normalizeIp(ip));
}

/**
 * An allow-list policy: `entries` are CIDRs (`10.0.0.0/8`, `::1/128`), single addresses,
 * or host patterns (`*.svc.cluster.local`, `localhost`). A host pattern admits the name;
 * the resolved address must still not be link-local or metadata.
 */
export function allowListPolicy(entries: string[]): AddressPolicy {
  const list = new BlockList();
  const hostPatterns: RegExp[] = [];
  for (const entry of entries) {
    const parsed = parseCidr(entry);
    if (parsed) list.addSubnet(parsed.ip, parsed.prefix, parsed.family);
    else hostPatterns.push(hostPattern(entry));
  }
  const inList = cachedCheck(list);
  return {
    denies(ip, host) {
      const n = normalizeIp(ip);
      if (isDeniedAlways(n)) return `${n} is link-local or a cloud metadata address`;
      if (inList(n)) return null;
      if (hostPatterns.some((re) => re.test(host.toLowerCase()))) return null;
      return `${n} (${host}) is outside api.allowTargets`;
    },
  };
}

/** Parses `a.b.c.d/n`, `x::y/n` or a bare address; `null` for anything else. */
export function parseCidr(entry: string): { ip: string; prefix: number; family: 'ipv4' | 'ipv6' } | null {
  const [ipPart, prefixPart] = entry.split('/', 2) as [string, string | undefined];
  const ip = normalizeIp(ipPart.replace(/^\[|\]$/g, ''));
  const kind = isIP(ip);
  if (kind === 0) return null;
  const max = kind === 4 ? 32 : 128;
  const prefix = prefixPart === undefined ? max : Number.parseInt(prefixPart, 10);
  if (!/^\d+$/.test(prefixPart ?? String(max)) || prefix < 0 || prefix > max) return null;
  return { ip, prefix, family: kind === 4 ? 'ipv4' : 'ipv6' };
}

function hostPattern(pattern: string): RegExp {
  const escaped = pattern.toLowerCase().replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^.]+');
  return new RegExp(`^${escaped}$`);
}
