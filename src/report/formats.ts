/**
 * The report formats and what a file name implies, apart from the renderers, so the CLI can
 * name and check them without loading any renderer.
 */
export const REPORT_FORMATS = ['text', 'json', 'html', 'md', 'junit', 'sarif'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/**
 * The format a file name implies (`--out report.html`), longest suffix first so
 * `results.sarif.json` is SARIF and `report.junit.xml` JUnit; `undefined` when it implies none.
 */
const EXTENSIONS: readonly [string, ReportFormat][] = [
  ['.sarif.json', 'sarif'],
  ['.junit.xml', 'junit'],
  ['.sarif', 'sarif'],
  ['.html', 'html'],
  ['.htm', 'html'],
  ['.md', 'md'],
  ['.markdown', 'md'],
  ['.json', 'json'],
  ['.xml', 'junit'],
  ['.txt', 'text'],
];

export function formatForFile(file: string): ReportFormat | undefined {
  const lower = file.toLowerCase();
  return EXTENSIONS.find(([ext]) => lower.endsWith(ext))?.[1];
}
