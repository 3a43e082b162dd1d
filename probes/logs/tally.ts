/**
 * Counts what the classified lines say, line by line, keeping a few samples per finding.
 * Also joins multi-line stack traces: an indented line, `Caused by:` or `... 12 more`
 * right after another line of the same stream continues it, so a plain-text trace is one
 * problem rather than twenty lines of noise.
 */
import type { CapturedLine, StreamName } from '../shared/line-buffer';
import { classifyLine, type ClassifiedLine } from './classify';
import type { LineFields } from './fields';
import { Samples, sampleOf, visible } from './sample';
import { findSecrets } from './secrets';

interface Signature {
  format: 'json' | 'logfmt';
  timeKey: string | null;
  levelKey: string | null;
  msgKey: string | null;
  count: number;
  sample: string;
}

interface OpenGroup {
  head: CapturedLine | null;
  frames: number;
  firstFrame: string | null;
}

const newGroup = (): OpenGroup => ({ head: null, frames: 0, firstFrame: null });

/** Per-line observations, summed; `facts.ts` turns them into the probe's facts. */
export class Tally {
  physical = 0;
  logical = 0;
  continuation = 0;
  readonly byStream: Record<StreamName, number> = { stdout: 0, stderr: 0, file: 0, command: 0, pod: 0 };
  readonly formats = { json: 0, logfmt: 0, plain: 0 };
  readonly fieldCounts = { time: 0, level: 0, message: 0, traceId: 0, spanId: 0 };
  stackInside = 0;
  ansi = 0;
  invalidUtf8 = 0;
  truncated = 0;
  /** Structured lines by the keys they use for time, level and message, with one sample each. */
  readonly signatures = new Map<string, Signature>();
  private lastSignature: Signature | null = null;
  readonly plain: Samples;
  readonly missingFields: Samples;
  readonly unstructuredStacks: Samples;
  readonly secrets: Samples;
  readonly mangled: Samples;
  readonly withTraceId: Samples;
  /** Lines whose trace id field is the one looked for (log–trace correlation). */
  readonly traceMatches: CapturedLine[] = [];
  /** The last logical line of each stream, reused rather than allocated per line. */
  private readonly open: Record<StreamName, OpenGroup> = { stdout: newGroup(), stderr: newGroup(), file: newGroup(), command: newGroup(), pod: newGroup() };

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
    if (secret && this.secrets.take()) this.secrets.push(`${line.stream} #${line.seq + 1} (${secret.kinds.join(', ')}): ${visible(secret.redacted)}`);
    const group = this.open[line.stream];
    if (c.format === 'continuation' && group.head !== null) {
      this.continuation++;
      if (c.frame) {
        group.frames++;
        group.firstFrame ??= line.text.trim();
      }
      return;
    }
    this.closeGroup(line.stream);
    group.head = line;
    // A line cut at the length limit cannot be parsed whatever its format; it is counted as
    // mangled, and not held against the structured share or the fields.
    if (line.truncated) return;
    this.logical++;
    if (c.format === 'json' || c.format === 'logfmt') this.structuredLine(line, c.format, c.fields!);
    else {
      this.formats.plain++;
      if (this.plain.take()) this.plain.push(sampleOf(line, line.text));
    }
  }

  /** Closes the stack groups still open; call once after the last line. */
  finish(): void {
    for (const stream of Object.keys(this.open) as StreamName[]) this.closeGroup(stream);
  }

  private hygiene(line: CapturedLine, c: ClassifiedLine): void {
    if (c.ansi) this.ansi++;
    if (line.invalidUtf8) this.invalidUtf8++;
    if (line.truncated) this.truncated++;
    if ((c.ansi || line.invalidUtf8 || line.truncated) && this.mangled.take()) {
      const what = [c.ansi && 'ANSI escapes', line.invalidUtf8 && 'invalid UTF-8', line.truncated && 'over-long, truncated'].filter(Boolean).join(', ');
      this.mangled.push(`${sampleOf(line, line.text)} [${what}]`);
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
      if (this.withTraceId.take()) this.withTraceId.push(sampleOf(line, line.text));
      if (f.traceId === this.wantedTraceId && this.traceMatches.length < 100) this.traceMatches.push(line);
    }
    if (f.stackInside) this.stackInside++;
    if ((!f.timeOk || !f.levelOk || f.msgKey === null) && this.missingFields.take()) {
      const missing = [!f.timeOk && 'time', !f.levelOk && 'level', f.msgKey === null && 'message'].filter(Boolean).join(', ');
      this.missingFields.push(`${sampleOf(line, line.text)} [no valid ${missing}]`);
    }
    // The keys are constants from the alias lists, so the last one seen is almost always
    // the one to count again; a string key per line would cost more than the classifying.
    const last = this.lastSignature;
    if (last !== null && last.format === format && last.timeKey === f.timeKey && last.levelKey === f.levelKey && last.msgKey === f.msgKey) {
      last.count++;
      return;
    }
    const name = `${format}: time=${f.timeKey ?? '-'} level=${f.levelKey ?? '-'} message=${f.msgKey ?? '-'}`;
    let sig = this.signatures.get(name);
    // Bounded, although the alias lists allow only a few hundred combinations.
    if (!sig && this.signatures.size < 50) {
      sig = { format, timeKey: f.timeKey, levelKey: f.levelKey, msgKey: f.msgKey, count: 0, sample: sampleOf(line, line.text) };
      this.signatures.set(name, sig);
    }
    if (sig) {
      sig.count++;
      this.lastSignature = sig;
    }
  }

  private closeGroup(stream: StreamName): void {
    const g = this.open[stream];
    const { head, frames, firstFrame } = g;
    g.head = null;
    g.frames = 0;
    g.firstFrame = null;
    if (head === null || frames === 0) return;
    if (this.unstructuredStacks.take()) this.unstructuredStacks.push(`${sampleOf(head, head.text)} ⏎ ${visible(firstFrame ?? '', 120)} (+${frames} frames as separate lines)`);
  }
}
