/**
 * The frame of every HTML page distroready writes — the saved report and each dashboard
 * page: the one stylesheet inline, the content security policy, the header. No script and
 * nothing external: a saved report opens offline and reads the same as the live page.
 */
import { createHash } from 'node:crypto';
import { escapeHtml as esc } from './escape';
import { REPORT_CSS } from './html-style';

/** The stylesheet is allowed by its hash, so no other inline style (or injected one) applies. */
const STYLE_HASH = `'sha256-${createHash('sha256').update(REPORT_CSS, 'utf8').digest('base64')}'`;

/**
 * The policy, directive by directive: nothing loads but the page and its own stylesheet; no
 * script at all; forms only submit to the same origin (the dashboard's GET filters).
 */
const POLICY: readonly [string, string][] = [
  ['default-src', "'none'"],
  ['style-src', STYLE_HASH],
  ['base-uri', "'none'"],
  ['form-action', "'self'"],
  ['frame-ancestors', "'none'"],
];

/** The Content-Security-Policy header of every dashboard page. */
export const CONTENT_SECURITY_POLICY = POLICY.map(([k, v]) => `${k} ${v}`).join('; ');

/** The same policy for a `<meta>` tag: browsers ignore `frame-ancestors` there (CSP 3 §6.1), so it is left out rather than warned about. */
export const META_CONTENT_SECURITY_POLICY = POLICY.filter(([k]) => k !== 'frame-ancestors')
  .map(([k, v]) => `${k} ${v}`)
  .join('; ');

export interface NavLink {
  label: string;
  href: string;
}

export interface PageOptions {
  title: string;
  /** The line beside the product name: "live dashboard", "distroless readiness report". */
  subtitle: string;
  generatedAt?: string;
  nav?: readonly NavLink[];
  /** Where the product name links: the dashboard's `/`; the report's own top by default. */
  home?: string;
  /** Reload after this many seconds (the dashboard while the first sweep runs). */
  refreshSeconds?: number;
}

function nav(links: readonly NavLink[] | undefined): string {
  if (!links?.length) return '';
  return `<nav>${links.map((l) => `<a href="${esc(l.href)}">${esc(l.label)}</a>`).join(' ')}</nav>`;
}

export function htmlPage(o: PageOptions, body: string): string {
  const refresh = o.refreshSeconds ? `<meta http-equiv="refresh" content="${o.refreshSeconds}">\n` : '';
  const generated = o.generatedAt ? `<span class="sub">generated ${esc(o.generatedAt)}</span>` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(META_CONTENT_SECURITY_POLICY)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
${refresh}<title>${esc(o.title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header class="top"><h1><a href="${esc(o.home ?? '#top')}">distroready</a></h1><span class="sub">${esc(o.subtitle)}</span>${generated}${nav(o.nav)}</header>
<main id="top">
${body}
</main>
</body>
</html>
`;
}
