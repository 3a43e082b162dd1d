/**
 * The bounded span index: spans by trace id and by `service.name`, expiring after the
 * retention, capped in spans and in (estimated) bytes. Full means full: a batch that does
 * not fit is refused whole, so the sender retries it later instead of losing part of it.
 */
import type { AddResult, IndexedSpan, SpanIndex, SpanIndexStats } from './span-types';

export interface SpanIndexOptions {
  maxSpans: number;
  maxBytes: number;
  retentionMs: number;
  /** Recent spans kept per service for passive lookups. Default 64. */
  perService?: number;
  /** Services tracked at once; the least recently seen is forgotten first. Default 1024. */
  maxServices?: number;
  /** Injected clock, for tests of expiry. */
  now?: () => number;
}

interface ServiceEntry {
  recent: IndexedSpan[];
  lastSeen: number;
}

/** Rough heap cost of a span: fixed overhead plus its strings (UTF-16). */
export function estimateBytes(span: IndexedSpan): number {
  let n = 160 + 2 * span.name.length;
  for (const k in span.attributes) {
    const v = span.attributes[k];
    n += 48 + 2 * k.length + (typeof v === 'string' ? 2 * v.length : 8);
  }
  return n;
}

export class MemorySpanIndex implements SpanIndex {
  // Arrival order, for expiry: spans and their sizes side by side, so keeping a span costs
  // no wrapper object (every retained object is work for the garbage collector under load).
  private readonly queue: IndexedSpan[] = [];
  private readonly sizes: number[] = [];
  private head = 0;
  // Most traces have one span in the index: it is stored bare, and becomes a list at the second.
  private readonly traces = new Map<string, IndexedSpan | IndexedSpan[]>();
  private readonly services = new Map<string, ServiceEntry>();
  private readonly listeners = new Set<(spans: readonly IndexedSpan[]) => void>();
  private bytes = 0;
  private readonly now: () => number;

  constructor(private readonly opts: SpanIndexOptions) {
    this.now = opts.now ?? Date.now;
  }

  get size(): number {
    return this.queue.length - this.head;
  }

  add(spans: readonly IndexedSpan[]): AddResult {
    this.expire();
    if (spans.length === 0) return { accepted: 0, invalid: 0 };
    const sizes = spans.map(estimateBytes);
    const batchBytes = sizes.reduce((a, b) => a + b, 0);
    if (this.size + spans.length > this.opts.maxSpans || this.bytes + batchBytes > this.opts.maxBytes) {
      return { accepted: 0, invalid: 0, retryAfterMs: this.msUntilRoom() };
    }
    for (let i = 0; i < spans.length; i++) {
      this.queue.push(spans[i]!);
      this.sizes.push(sizes[i]!);
      this.indexSpan(spans[i]!);
    }
    this.bytes += batchBytes;
    for (const listener of this.listeners) {
      // A listener is a probe waiting for its trace; its bug must not fail the sender's export.
      try {
        listener(spans);
      } catch {
        /* ignored on purpose */
      }
    }
    return { accepted: spans.length, invalid: 0 };
  }

  byTrace(traceId: string): readonly IndexedSpan[] {
    this.expire();
    const entry = this.traces.get(traceId);
    return entry === undefined ? [] : Array.isArray(entry) ? entry : [entry];
  }

  byService(serviceName: string, sinceMs = 0): readonly IndexedSpan[] {
    const cutoff = Math.max(sinceMs, this.now() - this.opts.retentionMs);
    return (this.services.get(serviceName)?.recent ?? []).filter((s) => s.receivedAt >= cutoff);
  }

  subscribe(listener: (spans: readonly IndexedSpan[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  stats(): SpanIndexStats {
    this.expire();
    return { spans: this.size, bytes: this.bytes, traces: this.traces.size, services: this.services.size };
  }

  /** Drops spans past the retention, oldest first. */
  expire(): void {
    const cutoff = this.now() - this.opts.retentionMs;
    while (this.head < this.queue.length && this.queue[this.head]!.receivedAt < cutoff) {
      const span = this.queue[this.head]!;
      this.queue[this.head] = undefined as never;
      this.bytes -= this.sizes[this.head++]!;
      this.unindex(span);
    }
    // Compact now and then, so the dead head of the queue does not pin memory.
    if (this.head > 4096 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.sizes.splice(0, this.head);
      this.head = 0;
    }
    for (const [name, entry] of this.services) {
      if (entry.lastSeen < cutoff) this.services.delete(name);
    }
  }

  private msUntilRoom(): number {
    const oldest = this.queue[this.head]?.receivedAt ?? this.now();
    return Math.max(1000, oldest + this.opts.retentionMs - this.now());
  }

  private indexSpan(span: IndexedSpan): void {
    const trace = this.traces.get(span.traceId);
    if (trace === undefined) this.traces.set(span.traceId, span);
    else if (Array.isArray(trace)) trace.push(span);
    else this.traces.set(span.traceId, [trace, span]);
    const name = span.resource.serviceName ?? '';
    let entry = this.services.get(name);
    if (!entry) {
      if (this.services.size >= (this.opts.maxServices ?? 1024)) this.forgetStalestService();
      entry = { recent: [], lastSeen: span.receivedAt };
      this.services.set(name, entry);
    }
    entry.lastSeen = span.receivedAt;
    entry.recent.push(span);
    if (entry.recent.length > (this.opts.perService ?? 64)) entry.recent.shift();
  }

  private unindex(span: IndexedSpan): void {
    const trace = this.traces.get(span.traceId);
    if (trace === span) {
      this.traces.delete(span.traceId);
      return;
    }
    if (!Array.isArray(trace)) return;
    const i = trace[0] === span ? 0 : trace.indexOf(span);
    if (i >= 0) trace.splice(i, 1);
    if (trace.length === 0) this.traces.delete(span.traceId);
  }

  private forgetStalestService(): void {
    let stalest: string | null = null;
    let when = Infinity;
    for (const [name, entry] of this.services) {
      if (entry.lastSeen < when) {
        when = entry.lastSeen;
        stalest = name;
      }
    }
    if (stalest !== null) this.services.delete(stalest);
  }
}
