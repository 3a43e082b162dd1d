/**
 * Workload text is data. The hostile fixture carries `<script>`, `<img onerror>`, `<svg
 * onload>`, quotes, ampersands, pipes, backticks and control characters in every field a
 * workload can influence; none of it may become markup.
 */
import { testCatalog } from '../support/catalog';
import { escapeHtml, escapeMarkdown, markdownFence } from '../../src/report/escape';
import { renderHtml } from '../../src/report/html';
import { renderMarkdown } from '../../src/report/markdown';
import { listPage, overviewPage } from '../../src/report/dashboard-view';
import { groupingFor } from '../../src/report/grouping';
import { renderListPage, renderOverviewPage } from '../../src/report/html-dashboard';
import { renderWorkloadPage } from '../../src/report/html-workload-page';
import { trendPoints } from '../../src/report/report-view';
import { parseWorkloadQuery } from '../../src/report/workload-query';
import { summarizeWorkload } from '../../src/report/workload-summary';
import { loadReport } from '../support/report';

// Every tag and attribute the report itself writes; anything else came from a workload.
const TAGS = new Set(['!doctype', 'html', 'head', 'meta', 'title', 'style', 'body', 'header', 'main', 'footer', 'h1', 'h2', 'h3', 'h4', 'div', 'span', 'p', 'strong', 'small', 'code', 'pre', 'a', 'ul', 'li', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'section', 'details', 'summary', 'i', 'nav', 'svg', 'rect', 'text', 'line', 'polyline', 'circle']);
const ATTRS = new Set(['lang', 'charset', 'name', 'content', 'http-equiv', 'class', 'id', 'href', 'title', 'viewbox', 'width', 'height', 'role', 'aria-label', 'x', 'y', 'rx', 'x1', 'x2', 'y1', 'y2', 'cx', 'cy', 'r', 'points', 'text-anchor']);

function markup(html: string): { tags: string[]; attrs: string[] } {
  const body = html.replace(/<style>[\s\S]*?<\/style>/, '<style></style>');
  const tags: string[] = [];
  const attrs: string[] = [];
  for (const m of body.matchAll(/<\/?([!a-zA-Z][\w-]*)([^>]*)>/g)) {
    tags.push(m[1]!.toLowerCase());
    // Attribute values are quoted; strip them so only names remain.
    const rest = m[2]!.replace(/"[^"]*"/g, '');
    for (const a of rest.matchAll(/([a-zA-Z-]+)\s*=/g)) attrs.push(a[1]!.toLowerCase());
  }
  return { tags, attrs };
}

describe('HTML', () => {
  const html = renderHtml(loadReport('hostile'));

  it('writes only the tags and attributes of the report itself', () => {
    const { tags, attrs } = markup(html);
    expect(tags.filter((t) => !TAGS.has(t))).toEqual([]);
    expect(attrs.filter((a) => !ATTRS.has(a))).toEqual([]);
  });

  it('shows the hostile text as text', () => {
    expect(html).toContain('evil &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quotes&quot; | &#39;pipes&#39;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&amp;amp; already escaped stays visible');
    expect(html).not.toMatch(/<script|<img|<svg onload|<b>/i);
    expect(html).not.toContain('\u0000');
  });

  it.each([
    ['<script>', '&lt;script&gt;'],
    ['"onmouseover="x', '&quot;onmouseover=&quot;x'],
    ["' autofocus '", '&#39; autofocus &#39;'],
    ['a & b', 'a &amp; b'],
    ['nul\u0000bell\u0007', 'nulbell'],
  ])('escapeHtml(%j) is %j', (input, expected) => {
    expect(escapeHtml(input)).toBe(expected);
  });
});

describe('dashboard pages', () => {
  const w = loadReport('hostile').workloads[0]!;
  const grouping = groupingFor('prefix');
  const rows = [summarizeWorkload(w, grouping)];
  const history = [{ sweepId: w.sweepId, probedAt: w.probedAt, score: w.score, verdict: w.verdict, probes: {}, changes: w.checks.map((c) => ({ check: c.id, status: c.status })) }];
  const thresholds = { readyScore: 90, notReadyBelow: 50 };
  const pages = {
    overview: renderOverviewPage(overviewPage(rows, grouping, () => '<b>fix</b>'), w.probedAt),
    list: renderListPage(listPage({ rows, query: parseWorkloadQuery({ q: '<script>' }), grouping, remediation: () => '', thresholds, probes: testCatalog().probes, trendOf: () => trendPoints(history) }), w.probedAt),
    workload: renderWorkloadPage({ result: w, history, probes: testCatalog().probes, group: { label: 'prefix', value: '<i>' }, thresholds, links: { json: '/j', history: '/h', list: '/workloads', group: null } }),
  };
  const FORM_TAGS = new Set([...TAGS, 'form', 'label', 'input', 'select', 'option', 'button', 'wbr']);
  const FORM_ATTRS = new Set([...ATTRS, 'method', 'action', 'type', 'placeholder', 'value', 'selected', 'aria-label']);

  it.each(Object.entries(pages))('%s writes only its own tags and attributes', (_page, html) => {
    const { tags, attrs } = markup(html);
    expect(tags.filter((t) => !FORM_TAGS.has(t))).toEqual([]);
    expect(attrs.filter((a) => !FORM_ATTRS.has(a))).toEqual([]);
    expect(html).not.toMatch(/<script|<img|<svg onload|<b>/i);
  });
});

describe('Markdown', () => {
  const md = renderMarkdown(loadReport('hostile'));
  const outsideFences = md.replace(/^( *)(`{3,})[^\n]*\n[\s\S]*?^\1\2$/gm, '');
  // The report's own markup: anchors and folds, exactly as it writes them.
  const ownMarkup = /<a id="[a-z0-9-]+"><\/a>|<\/?details>|<\/?summary>|<\/?strong>|<details><summary>\d+ more in this wave<\/summary>/g;

  it('leaves no raw HTML outside code blocks but its own anchors and folds', () => {
    expect(outsideFences.match(ownMarkup)?.length).toBeGreaterThan(0);
    expect(outsideFences.replace(ownMarkup, '')).not.toMatch(/<[a-zA-Z/!]/);
    expect(outsideFences).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('keeps every table row to its header’s cells (escaped pipes do not split cells)', () => {
    const tables = outsideFences.split('\n\n').filter((block) => block.startsWith('|'));
    expect(tables.length).toBeGreaterThan(0);
    for (const table of tables) {
      const cells = table.split('\n').map((row) => row.replace(/\\\|/g, '').split('|').length);
      expect(new Set(cells).size).toBe(1);
    }
  });

  it('fences a patch with a fence longer than any backtick run inside it', () => {
    expect(md).toContain('````yaml\n    a: "```"\n    <script>x</script>\n    ````');
  });

  it.each([
    ['a | b', 'a \\| b'],
    ['`code`', '\\`code\\`'],
    ['[link](javascript:x)', '\\[link\\](javascript:x)'],
    ['~~struck~~ a_b_c', '\\~\\~struck\\~\\~ a\\_b\\_c'],
    ['<img onerror=x>', '&lt;img onerror=x&gt;'],
    ['# heading\n- item', '\\# heading - item'],
    ['*bold* _em_', '\\*bold\\* \\_em\\_'],
  ])('escapeMarkdown(%j) is %j', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });

  it('picks a fence of three backticks when the body has none', () => {
    expect(markdownFence('a: 1\n', 'yaml')).toBe('```yaml\na: 1\n```');
  });
});
