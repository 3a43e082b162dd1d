/**
 * Repeats sweeps on `sweep.interval`, never two at once, and hands each finished sweep to
 * its listeners (store, metrics). A sweep that fails is logged; the next one still runs.
 */
import { setMaxListeners } from 'node:events';
import type { Logger } from 'pino';
import type { SweepResult } from './sweep';

export interface SchedulerOptions {
  intervalMs: number;
  runSweep(signal: AbortSignal): Promise<SweepResult>;
  onSweep(result: SweepResult): void;
  logger: Logger;
}

export class SweepScheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private readonly abort = new AbortController();
  private stopped = false;
  /** Sweeps completed since start. */
  completed = 0;

  constructor(private readonly o: SchedulerOptions) {
    // Every workload in flight (the sweep's concurrency, plus probes waiting off their slot)
    // listens on this one signal and stops listening when it is done: many listeners, no leak.
    setMaxListeners(0, this.abort.signal);
  }

  start(): void {
    void this.runOnce();
  }

  /** Runs a sweep now unless one is running; resolves when it (or the running one) ends. */
  runOnce(): Promise<void> {
    if (this.running) return this.running;
    if (this.timer) clearTimeout(this.timer);
    this.running = this.o
      .runSweep(this.abort.signal)
      .then((result) => {
        this.completed++;
        this.o.onSweep(result);
      })
      .catch((err: unknown) => this.o.logger.error({ err }, 'sweep failed'))
      .finally(() => {
        this.running = null;
        if (!this.stopped) this.timer = setTimeout(() => void this.runOnce(), this.o.intervalMs);
      });
    return this.running;
  }

  /** Cancels the running sweep (its processes are stopped) and schedules no more. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.abort.abort();
    await this.running;
  }
}
