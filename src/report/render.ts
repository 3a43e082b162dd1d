/** Picks the renderer for `--format` / `?format=`. Renderers compute nothing. */
import type { Report } from '../model';
import { renderText } from './text';

export type ReportFormat = 'text' | 'json';

export const REPORT_FORMATS: readonly ReportFormat[] = ['text', 'json'];

export function renderReport(report: Report, format: ReportFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'text':
      return renderText(report);
  }
}
