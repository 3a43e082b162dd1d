/**
 * The few environment variables that decide what a process needs from its image. Only
 * these are kept: the rest of a workload's environment (tokens, passwords) is never
 * copied into facts.
 */
export const KEPT_ENV = ['TZ', 'LD_LIBRARY_PATH', 'LANG', 'LC_ALL', 'SSL_CERT_FILE', 'SSL_CERT_DIR', 'NODE_EXTRA_CA_CERTS', 'REQUESTS_CA_BUNDLE'] as const;
export type KeptEnv = Partial<Record<(typeof KEPT_ENV)[number], string>>;

const MAX_VALUE = 1024;

export function parseEnviron(raw: string): KeptEnv {
  const out: KeptEnv = {};
  for (const entry of raw.split('\0')) {
    const eq = entry.indexOf('=');
    if (eq <= 0) continue;
    const key = entry.slice(0, eq) as (typeof KEPT_ENV)[number];
    if ((KEPT_ENV as readonly string[]).includes(key)) out[key] = entry.slice(eq + 1, eq + 1 + MAX_VALUE);
  }
  return out;
}
