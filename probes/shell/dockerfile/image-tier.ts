/**
 * Where a base image sits on the spectrum from the source article: 1 full OS, 2 slim,
 * 3 Alpine (small, still a shell), 4 distroless, 5 scratch. Judged from the reference
 * alone; nothing is pulled.
 */

export type TierName = 'full-os' | 'slim' | 'alpine' | 'distroless' | 'scratch' | 'unknown';

export interface BaseImage {
  ref: string;
  tier: 1 | 2 | 3 | 4 | 5 | null;
  tierName: TierName;
  /** Whether the image has a shell to run `sh -c` with (`null` when unknown). */
  hasShell: boolean | null;
  /** Whether it runs as a non-root user without a `USER` line (`:nonroot` tags). */
  nonRootByDefault: boolean;
  /** An image to use for incident response, with a shell, when there is a known one. */
  debugVariant: string | null;
}

const FULL_OS = /^(ubuntu|debian|centos|fedora|rockylinux|almalinux|amazonlinux|oraclelinux|opensuse\/\w+|archlinux|ubi\d*|ubi\d+\/ubi|redhat\/ubi\d+|buildpack-deps)$/;
/** Language images whose default tags are Debian with the whole userland. */
const LANGUAGE = /^(node|python|ruby|golang|openjdk|eclipse-temurin|amazoncorretto|maven|gradle|php|perl|rust|elixir|erlang|dotnet\/(sdk|runtime|aspnet)|mcr\.microsoft\.com\/dotnet\/(sdk|runtime|aspnet))$/;

function split(ref: string): { repo: string; tag: string } {
  const noDigest = ref.split('@')[0]!;
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  const hasTag = colon > slash;
  const name = hasTag ? noDigest.slice(0, colon) : noDigest;
  // Drop the registry (a first part with a dot or port) and the Docker Hub `library/`.
  const parts = name.split('/');
  if (parts.length > 1 && /[.:]|^localhost$/.test(parts[0]!)) parts.shift();
  if (parts[0] === 'library') parts.shift();
  return { repo: parts.join('/').toLowerCase(), tag: hasTag ? noDigest.slice(colon + 1).toLowerCase() : 'latest' };
}

function distrolessDebug(ref: string, tag: string): string | null {
  if (/(^|-)debug/.test(tag)) return null;
  const base = ref.split('@')[0]!.replace(/:[^:/]*$/, '');
  if (/(^|\/)distroless\//.test(base)) return `${base}:${tag.includes('nonroot') ? 'debug-nonroot' : 'debug'}`;
  if (/^cgr\.dev\/chainguard\//.test(base)) return `${base}:latest-dev`;
  return null;
}

export function classifyImage(ref: string): BaseImage {
  const { repo, tag } = split(ref);
  const nonRootByDefault = /nonroot/.test(tag);
  const mk = (tier: BaseImage['tier'], tierName: TierName, hasShell: boolean | null, debugVariant: string | null = null): BaseImage =>
    ({ ref, tier, tierName, hasShell, nonRootByDefault, debugVariant });
  if (repo === 'scratch') return mk(5, 'scratch', false);
  if (/(^|\/)distroless\//.test(repo) || /^distroless\//.test(repo)) {
    // `:debug` tags add busybox: they have a shell, which is the point of them.
    return mk(4, 'distroless', /debug/.test(tag), distrolessDebug(ref, tag));
  }
  if (/^cgr\.dev\/chainguard\//.test(ref) || /^chainguard\//.test(repo)) {
    return mk(4, 'distroless', /-dev$/.test(tag), distrolessDebug(ref, tag));
  }
  if (repo === 'alpine' || repo === 'busybox' || /alpine/.test(tag)) return mk(3, 'alpine', true);
  if (/(^|-)(slim|minimal)($|-)/.test(tag) || /-minimal$|ubi-minimal|ubi\d+-minimal|ubi\d*\/ubi-minimal/.test(repo)) return mk(2, 'slim', true);
  if (FULL_OS.test(repo) || LANGUAGE.test(repo)) return mk(1, 'full-os', true);
  return mk(null, 'unknown', null);
}
