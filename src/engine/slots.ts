/**
 * The sweep's concurrency: at most `limit` workloads at work at once. A workload gives its
 * slot back while its probes only wait (the traces probe waiting for spans), so a fleet's
 * waits overlap instead of queueing `limit` at a time; it takes a slot again, ahead of
 * workloads not yet started, before doing more work.
 */
export class Slots {
  private free: number;
  private readonly waiters: (() => void)[] = [];

  constructor(limit: number) {
    this.free = Math.max(1, limit);
  }

  /** Resolves once a slot is held; `first` goes ahead of the queue (a workload that already started). */
  acquire(first = false): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return Promise.resolve();
    }
    return new Promise((resolve) => (first ? this.waiters.unshift(resolve) : this.waiters.push(resolve)));
  }

  release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.free++;
  }
}

/**
 * One workload's hold on a slot. Its probes run side by side; the slot is given back only
 * when every running probe is waiting (`idle`), and only for workloads that may do so
 * (one whose process distroready launched keeps its slot, so `sweep.concurrency` still
 * bounds the processes running at once).
 */
export class WorkloadSlot {
  private held = true;
  private regaining: Promise<void> | null = null;
  private running = 0;
  private waiting = 0;

  /** Call after `slots.acquire()` resolved. */
  constructor(
    private readonly slots: Slots,
    private readonly mayWaitOutside: boolean,
  ) {}

  probeStarted(): void {
    this.running++;
  }

  probeFinished(): void {
    this.running--;
    this.giveBackIfAllWait();
  }

  /** Waits for `until` without holding the slot when every running probe of the workload waits too. */
  async idle<T>(until: Promise<T>): Promise<T> {
    this.waiting++;
    this.giveBackIfAllWait();
    try {
      return await until;
    } finally {
      this.waiting--;
      await this.regain();
    }
  }

  /** Holds the slot again (before the next wave of probes, or judging). */
  async regain(): Promise<void> {
    if (this.held) return;
    this.regaining ??= this.slots.acquire(true).then(() => {
      this.held = true;
      this.regaining = null;
    });
    await this.regaining;
  }

  /** The workload is done: its slot goes to the next one. */
  finish(): void {
    if (this.held) {
      this.held = false;
      this.slots.release();
    }
  }

  private giveBackIfAllWait(): void {
    if (!this.mayWaitOutside || !this.held || this.regaining || this.waiting === 0 || this.waiting < this.running) return;
    this.held = false;
    this.slots.release();
  }
}
