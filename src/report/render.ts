/** Picks the renderer for `--format` / `?format=`. Renderers compute nothing. */
import type { Report } from '../model';
import type { ReportFormat } from './formats';
import type { Grouping } from './grouping';
import { renderHtml } from './html';
import { renderJunit } from './junit';
import { renderMarkdown } from './markdown';
import { renderSarif } from './sarif';
import { renderText } from './text';

export { REPORT_FORMATS, formatForFile, type ReportFormat } from './formats';

/** The media type each format is served with (`GET /api/v1/report?format=`). */
export const REPORT_MEDIA_TYPES: Record<ReportFormat, string> = {
  text: 'text/plain; charset=utf-8',
  json: 'application/json; charset=utf-8',
  html: 'text/html; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  junit: 'application/xml; charset=utf-8',
  sarif: 'application/sarif+json; charset=utf-8',
};

export interface RenderOptions {
  /** How the HTML and Markdown overviews group workloads (config `report.groupBy`). */
  grouping?: Grouping;
}

export function renderReport(report: Report, format: ReportFormat, options: RenderOptions = {}): string {
  switch (format) {
    case 'json': {
      // The catalog is for renderers; the JSON report carries the words in each check.
      const { version, generatedAt, summary, workloads } = report;
      return `${JSON.stringify({ version, generatedAt, summary, workloads }, null, 2)}\n`;
    }
    case 'text':
      return renderText(report);
    case 'html':
      return renderHtml(report, options);
    case 'md':
      return renderMarkdown(report, options);
    case 'junit':
      return renderJunit(report);
    case 'sarif':
      return renderSarif(report);
  }
}
