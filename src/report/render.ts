/** Picks the renderer for `--format` / `?format=`. Renderers compute nothing. */
import type { Report } from '../model';
import { renderHtml } from './html';
import { renderJunit } from './junit';
import { renderMarkdown } from './markdown';
import { renderSarif } from './sarif';
import { renderText } from './text';

export type ReportFormat = 'text' | 'json' | 'html' | 'md' | 'junit' | 'sarif';

export const REPORT_FORMATS: readonly ReportFormat[] = ['text', 'json', 'html', 'md', 'junit', 'sarif'];

/** The media type each format is served with (`GET /api/v1/report?format=`). */
export const REPORT_MEDIA_TYPES: Record<ReportFormat, string> = {
  text: 'text/plain; charset=utf-8',
  json: 'application/json; charset=utf-8',
  html: 'text/html; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  junit: 'application/xml; charset=utf-8',
  sarif: 'application/sarif+json; charset=utf-8',
};

export function renderReport(report: Report, format: ReportFormat): string {
  switch (format) {
    case 'json': {
      // The catalog is for renderers; the JSON report carries the words in each check.
      const { version, generatedAt, summary, workloads } = report;
      return `${JSON.stringify({ version, generatedAt, summary, workloads }, null, 2)}\n`;
    }
    case 'text':
      return renderText(report);
    case 'html':
      return renderHtml(report);
    case 'md':
      return renderMarkdown(report);
    case 'junit':
      return renderJunit(report);
    case 'sarif':
      return renderSarif(report);
  }
}
