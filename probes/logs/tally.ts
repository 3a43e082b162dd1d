/**
 * Counts what the classified lines say, line by line, keeping a few samples per finding.
 * Also joins multi-line stack traces: an indented line, `Caused by:` or `... 12 more`
 * right after another line of the same stream continues it, so a plain-text trace is one
 * problem rather than twenty lines of noise.
 */
import type { CapturedLine, StreamName } from '../../src/targets/line-buffer';
import { classifyLine, type ClassifiedLine } from './classify';
import type { LineFields } from './fields';
import { Samples, sampleOf, visible } from './sample';
import { findSecrets } from './secrets';

interface OpenGroup {
  head: CapturedLine;
  frames: number;
  firstFrame: string | null;
}

/** Per-line observations, summed; `facts.ts` turns them into the probe's facts. */
export class Tally {
  physical = 0;
  logical = 0;
  continuation = 0;
  readonly byStream: Record<StreamName, number> = { stdout: 0, stderr: 0, file: 0, command: 0 };
  readonly formats = { json: 0, logfmt: 0, plain: 0 };
  readonly fieldCounts = { time: 0, level: 0, message: 0, traceId: 0, spanId: 0 };
  stackInside = 0;
  ansi = 0;
  invalidUtf8 = 0;
  truncated = 0;
  /** Structured lines by `format:timeKey|levelKey|msgKey`, with one sample each. */
  readonly signatures = new Map<string, { count: number; sample: string }>();
  readonly plain: Samples;
  readonly missingFields: Samples;
  readonly unstructuredStacks: Samples;
  readonly secrets: Samples;
  readonly mangled: Samples;
  readonly withTraceId: Samples;
  /** Lines whose trace id field is the one looked for (log–trace correlation). */
  readonly traceMatches: CapturedLine[] = [];
  private readonly open = new Map<StreamName, OpenGroup>();

  constructor(
    samples: number,
    private readonly wantedTraceId: string | null = null,
  ) {
    this.plain = new Samples(samples);
    this.missingFields = new Samples(samples);
    this.unstructuredStacks = new Samples(samples);
    this.secrets = new Samples(samples);
    this.mangled = new Samples(samples);
    this.withTraceId = new Samples(samples);
  }

  get structured(): number {
    return this.formats.json + this.formats.logfmt;
  }

  add(line: CapturedLine): void {
    this.physical++;
    const c = classifyLine(line.text);
    if (c.format === 'empty') return;
    this.byStream[line.stream]++;
    this.hygiene(line, c);
    const secret = findSecrets(line.text);
    if (secret) this.secrets.add(() => `${line.stream} #${line.seq + 1} (${secret.kinds.join(', ')}): ${visible(secret.redacted)}`);
    const group = this.open.get(line.stream);
    if (c.format === 'continuation' && group) {
      this.continuation++;
      if (c.frame) {
        group.frames++;
        group.firstFrame ??= line.text.trim();
      }
      return;
    }
    this.closeGroup(line.stream);
    this.open.set(line.stream, { head: line, frames: 0, firstFrame: null });
    this.logical++;
    if (c.format === 'json' || c.format === 'logfmt') this.structuredLine(line, c.format, c.fields!);
    else {
      this.formats.plain++;
      this.plain.add(() => sampleOf(line, line.text));
    }
  }

  /** Closes the stack groups still open; call once after the last line. */
  finish(): void {
    for (const stream of [...this.open.keys()]) this.closeGroup(stream);
  }

  private hygiene(line: CapturedLine, c: ClassifiedLine): void {
    if (c.ansi) this.ansi++;
    if (line.invalidUtf8) this.invalidUtf8++;
    if (line.truncated) this.truncated++;
    if (c.ansi || line.invalidUtf8 || line.truncated) {
      const what = [c.ansi && 'ANSI escapes', line.invalidUtf8 && 'invalid UTF-8', line.truncated && 'over-long, truncated'].filter(Boolean).join(', ');
      this.mangled.add(() => `${sampleOf(line, line.text)} [${what}]`);
    }
  }

  private structuredLine(line: CapturedLine, format: 'json' | 'logfmt', f: LineFields): void {
    this.formats[format]++;
    if (f.timeOk) this.fieldCounts.time++;
    if (f.levelOk) this.fieldCounts.level++;
    if (f.msgKey !== null) this.fieldCounts.message++;
    if (f.spanId !== null) this.fieldCounts.spanId++;
    if (f.traceId !== null) {
      this.fieldCounts.traceId++;
      this.withTraceId.add(() => sampleOf(line, line.text));
      if (f.traceId === this.wantedTraceId && this.traceMatches.length < 100) this.traceMatches.push(line);
    }
    if (f.stackInside) this.stackInside++;
    if (!f.timeOk || !f.levelOk || f.msgKey === null) {
      const missing = [!f.timeOk && 'time', !f.levelOk && 'level', f.msgKey === null && 'message'].filter(Boolean).join(', ');
      this.missingFields.add(() => `${sampleOf(line, line.text)} [no valid ${missing}]`);
    }
    const sig = `${format}: time=${f.timeKey ?? '-'} level=${f.levelKey ?? '-'} message=${f.msgKey ?? '-'}`;
    const seen = this.signatures.get(sig);
    if (seen) seen.count++;
    // Bounded: hostile output could invent a new key set per line.
    else if (this.signatures.size < 50) this.signatures.set(sig, { count: 1, sample: sampleOf(line, line.text) });
  }

  private closeGroup(stream: StreamName): void {
    const g = this.open.get(stream);
    if (!g) return;
    this.open.delete(stream);
    if (g.frames === 0) return;
    const frame = g.firstFrame!;
    this.unstructuredStacks.add(() => `${sampleOf(g.head, g.head.text)} ⏎ ${visible(frame, 120)} (+${g.frames} frames as separate lines)`);
  }
}
