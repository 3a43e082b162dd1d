/**
 * Files a workload was seen to use that a distroless image must still provide — the CA
 * bundle, zoneinfo or `TZ`, `/etc/passwd` and `/etc/group` lookups, `/etc/nsswitch.conf`,
 * `/etc/resolv.conf` — and which of them the recommended variant lacks. Only system
 * paths are judged: the application's own files travel with it.
 */
import { providesFile } from './variants';

export const WATCHED_KINDS = ['caBundle', 'zoneinfo', 'passwd', 'group', 'nsswitch', 'resolvConf'] as const;
export type WatchedKind = (typeof WATCHED_KINDS)[number];

const WATCHED: Record<WatchedKind, (file: string) => boolean> = {
  caBundle: (f) => /^\/etc\/(ssl|pki)\//.test(f) || f.startsWith('/usr/share/ca-certificates/') || f.startsWith('/usr/lib/ssl/'),
  zoneinfo: (f) => f.startsWith('/usr/share/zoneinfo/') || f === '/etc/localtime' || f === '/etc/timezone',
  passwd: (f) => f === '/etc/passwd',
  group: (f) => f === '/etc/group',
  nsswitch: (f) => f === '/etc/nsswitch.conf',
  resolvConf: (f) => f === '/etc/resolv.conf',
};

/** Where a distroless image's contents live; anything else (/app, /srv, /opt, /home, /usr/local) is the workload's. */
const SYSTEM = /^\/(etc|usr\/(?!local\/)|lib|lib32|lib64|libx32|bin|sbin|var)\b/;

/** The UIDs distroless `/etc/passwd` names: root, nonroot, nobody. */
export const DISTROLESS_UIDS = [0, 65532, 65534] as const;

export interface SeenFiles {
  /** Held open (from /proc/<pid>/fd samples) or mapped for data (from maps). */
  files: readonly string[];
  tz: string | null;
  uid: number | null;
  /** The user name of `uid` on this system, for the message. */
  userName: string | null;
  /** Files that are the workload's own program (its executable), never "missing". */
  own: readonly string[];
}

export interface MissingFile {
  path: string;
  why: string;
}

export function watchedFiles(files: readonly string[]): Record<WatchedKind, string[]> {
  const out = Object.fromEntries(WATCHED_KINDS.map((k) => [k, [] as string[]])) as Record<WatchedKind, string[]>;
  for (const f of files) for (const k of WATCHED_KINDS) if (WATCHED[k](f) && out[k].length < 50) out[k].push(f);
  return out;
}

/** The zoneinfo file `TZ` names, or `null` for a POSIX rule (`UTC0`) that needs no file. */
export function tzFile(tz: string): string | null {
  const name = tz.startsWith(':') ? tz.slice(1) : tz;
  if (name.startsWith('/')) return name;
  return /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(name) && !/^[A-Z]{3,}[+-]?\d/.test(name) ? `/usr/share/zoneinfo/${name}` : null;
}

export function missingFiles(seen: SeenFiles, provided: readonly string[]): MissingFile[] {
  const out: MissingFile[] = [];
  const add = (p: string, why: string): void => {
    if (!out.some((m) => m.path === p) && out.length < 100) out.push({ path: p, why });
  };
  for (const f of seen.files) {
    if (!SYSTEM.test(f) || seen.own.includes(f) || providesFile(provided, f)) continue;
    if (f === '/etc/localtime') add(f, 'used for the local time zone; distroless has zoneinfo but no /etc/localtime (it runs in UTC): set TZ=Area/City');
    else if (WATCHED.caBundle(f)) add(f, 'a CA or TLS file at a path distroless does not have; it has /etc/ssl/certs/ca-certificates.crt (set SSL_CERT_FILE to it, or COPY this file)');
    else add(f, 'open or mapped by the process; the image does not have it: COPY it from the build stage');
  }
  if (seen.tz) {
    const file = tzFile(seen.tz);
    if (file && !providesFile(provided, file)) add(file, `TZ=${seen.tz} names it; the image does not have it`);
  }
  if (seen.uid !== null && !(DISTROLESS_UIDS as readonly number[]).includes(seen.uid)) {
    add('/etc/passwd', `the process runs as uid ${seen.uid}${seen.userName ? ` (${seen.userName})` : ''}; distroless /etc/passwd has only root (0), nonroot (65532) and nobody (65534): a user lookup fails — run as 65532 or COPY a passwd with this user`);
  }
  return out;
}
