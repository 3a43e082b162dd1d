/**
 * Sample lines for evidence: workload text is data, so control characters (ANSI escapes,
 * NUL, bell) are shown as `\xNN` rather than passed to a terminal, and long lines are cut.
 * HTML escaping happens where the report is rendered.
 */
import type { CapturedLine } from '../shared/line-buffer';

const MAX_SAMPLE_CHARS = 200;
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

/** The text, control characters made visible, cut to `max` characters. */
export function visible(text: string, max = MAX_SAMPLE_CHARS): string {
  const cut = text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
  return cut.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** `stdout #12: {"level":30,…}`: where the line came from, then the line. */
export function sampleOf(line: Pick<CapturedLine, 'stream' | 'seq'>, text: string): string {
  return `${line.stream} #${line.seq + 1}: ${visible(text)}`;
}

/** A bounded list of samples: the first `max` are kept, the rest only counted. */
export class Samples {
  readonly items: string[] = [];
  count = 0;

  constructor(private readonly max: number) {}

  /**
   * Counts one more finding; true when its sample should be kept (then `push` it). Split
   * in two so that the common case, samples full, formats nothing and allocates nothing.
   */
  take(): boolean {
    this.count++;
    return this.items.length < this.max;
  }

  push(sample: string): void {
    this.items.push(sample);
  }
}
