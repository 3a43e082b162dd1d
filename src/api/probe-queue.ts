/**
 * On-demand probes (`GET /probe`, `POST /checks`) run at most `concurrency` at once; the
 * rest wait in line rather than being refused. A request is turned away (503 with
 * Retry-After) only when it could not be answered in time anyway: the line is full, or
 * its expected wait — the probes ahead of it, at the average probe time — would pass its
 * deadline (the scrape timeout Prometheus sends), or the deadline passes while it waits.
 */
import { DistroreadyError } from '../errors';

export interface ProbeQueueOptions {
  concurrency: number;
  /** Requests allowed to wait; beyond it they are refused at once. */
  maxWaiting: number;
}

interface Waiter {
  start(): void;
  deadlineAt: number;
}

/** Weight of the newest duration in the running average. */
const SMOOTHING = 0.2;

export class ProbeQueue {
  private running = 0;
  private readonly waiting: Waiter[] = [];
  /** Running average of a probe's duration, ms; 0 until one finished. */
  private averageMs = 0;

  constructor(private readonly o: ProbeQueueOptions) {}

  /** Runs `fn` in its turn; `budgetMs` is how long the caller can wait for the answer in all. */
  async run<T>(fn: () => Promise<T>, budgetMs: number, signal?: AbortSignal): Promise<T> {
    if (this.running >= this.o.concurrency) await this.wait(budgetMs, signal);
    else this.running++;
    const started = performance.now();
    try {
      return await fn();
    } finally {
      const took = performance.now() - started;
      this.averageMs = this.averageMs === 0 ? took : this.averageMs + SMOOTHING * (took - this.averageMs);
      this.next();
    }
  }

  /** For /metrics and tests: how many run and wait now. */
  get load(): { running: number; waiting: number; averageMs: number } {
    return { running: this.running, waiting: this.waiting.length, averageMs: Math.round(this.averageMs) };
  }

  private wait(budgetMs: number, signal?: AbortSignal): Promise<void> {
    const expectedWaitMs = Math.ceil((this.waiting.length + 1) / this.o.concurrency) * this.averageMs;
    if (this.waiting.length >= this.o.maxWaiting || expectedWaitMs + this.averageMs > budgetMs) {
      throw busy(this.o.concurrency, this.waiting.length, expectedWaitMs);
    }
    return new Promise((resolve, reject) => {
      const deadlineAt = performance.now() + Math.max(0, budgetMs - this.averageMs);
      const leave = (err: Error): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        const i = this.waiting.indexOf(waiter);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(err);
      };
      const onAbort = (): void => leave(new DistroreadyError('UNAVAILABLE', 'the client went away while its probe waited'));
      const waiter: Waiter = {
        deadlineAt,
        start: () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const timer = setTimeout(() => leave(busy(this.o.concurrency, this.waiting.length, budgetMs)), deadlineAt - performance.now());
      timer.unref();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
    });
  }

  /** A finished probe hands its slot to the first waiter still in time. */
  private next(): void {
    const waiter = this.waiting.shift();
    if (waiter) waiter.start();
    else this.running--;
  }
}

function busy(concurrency: number, waiting: number, waitMs: number): DistroreadyError {
  const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new DistroreadyError(
    'UNAVAILABLE',
    `${concurrency} on-demand probes are running and ${waiting} wait; this one would not finish within its deadline. Retry in ${retryAfterSeconds} s, or raise api.probeConcurrency`,
    { retryAfterSeconds },
  );
}
