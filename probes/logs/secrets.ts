/**
 * Obvious secrets in log lines: Authorization headers and bearer tokens, AWS access keys,
 * PEM private keys. Found only to warn; the evidence shows the line with every secret
 * masked, so a report never repeats what it warns about.
 */

export interface SecretPattern {
  kind: string;
  /** Global: every match on a line is masked. */
  re: RegExp;
}

export const SECRET_PATTERNS: readonly SecretPattern[] = [
  { kind: 'private key', re: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----[^-]*/g },
  { kind: 'AWS access key id', re: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
  { kind: 'AWS secret access key', re: /aws_secret_access_key["']?\s*[:=]\s*["']?[A-Za-z0-9/+=]{40}/gi },
  { kind: 'Authorization header', re: /authorization["']?\s*[:=]\s*["']?(?:bearer|basic|token|digest)\s+[A-Za-z0-9._~+/=-]{8,}/gi },
  { kind: 'bearer token', re: /\bbearer\s+[A-Za-z0-9._~+/-]{16,}=*/gi },
];

// One cheap test first: nearly every line has none of these words.
const PRECHECK = /AKIA|ASIA|PRIVATE KEY|uthorization|UTHORIZATION|earer|EARER|aws_secret/;

export interface SecretFinding {
  kinds: string[];
  /** The line with each secret cut to its first 4 characters and `[REDACTED]`. */
  redacted: string;
}

/** Masks a match, keeping a short prefix so a person can tell which header or key it was. */
function mask(match: string): string {
  const keep = Math.min(4, match.length);
  return `${match.slice(0, keep)}…[REDACTED]`;
}

/** Secrets on one line, or `null`. */
export function findSecrets(line: string): SecretFinding | null {
  if (!PRECHECK.test(line)) return null;
  const kinds: string[] = [];
  let redacted = line;
  for (const { kind, re } of SECRET_PATTERNS) {
    re.lastIndex = 0;
    if (!re.test(redacted)) continue;
    kinds.push(kind);
    re.lastIndex = 0;
    redacted = redacted.replace(re, (m) => {
      // Keep the header name readable: mask what follows the separator.
      const sep = /^(authorization["']?\s*[:=]\s*["']?)/i.exec(m);
      return sep ? sep[1] + mask(m.slice(sep[1]!.length)) : mask(m);
    });
  }
  return kinds.length > 0 ? { kinds, redacted } : null;
}
