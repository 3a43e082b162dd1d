/** On-demand probes wait their turn, and are refused only when they could not be answered in time. */
import { ProbeQueue } from '../../src/api/probe-queue';
import { DistroreadyError } from '../../src/errors';

/** A probe that finishes when the test says so. */
function gate(): { run: () => Promise<string>; finish(): void; started: number } {
  const pending: (() => void)[] = [];
  const g = {
    started: 0,
    run: () => {
      g.started++;
      return new Promise<string>((r) => pending.push(() => r('done')));
    },
    finish: () => pending.shift()?.(),
  };
  return g;
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('ProbeQueue', () => {
  it('runs up to its concurrency at once and the rest in turn, in arrival order', async () => {
    const queue = new ProbeQueue({ concurrency: 2, maxWaiting: 10 });
    const g = gate();
    const answers = [1, 2, 3, 4].map(() => queue.run(g.run, 60_000));
    await tick();
    expect(g.started).toBe(2);
    expect(queue.load).toMatchObject({ running: 2, waiting: 2 });
    g.finish();
    await tick();
    expect(g.started).toBe(3);
    g.finish();
    g.finish();
    await tick();
    g.finish();
    await expect(Promise.all(answers)).resolves.toEqual(['done', 'done', 'done', 'done']);
    expect(queue.load).toMatchObject({ running: 0, waiting: 0 });
  });

  it('refuses at once, with a retry hint, when the line is full', async () => {
    const queue = new ProbeQueue({ concurrency: 1, maxWaiting: 1 });
    const g = gate();
    const first = queue.run(g.run, 60_000);
    const second = queue.run(g.run, 60_000);
    const third = queue.run(g.run, 60_000);
    await expect(third).rejects.toMatchObject({ code: 'UNAVAILABLE', details: { retryAfterSeconds: expect.any(Number) } });
    g.finish();
    await tick();
    g.finish();
    await expect(Promise.all([first, second])).resolves.toEqual(['done', 'done']);
  });

  it('refuses at once when the wait it would have, at the average probe time, passes its deadline', async () => {
    const queue = new ProbeQueue({ concurrency: 1, maxWaiting: 100 });
    // Teach it that a probe takes ~1 s (durations are measured, not declared).
    let now = 0;
    const realNow = performance.now.bind(performance);
    const clock = jest.spyOn(performance, 'now').mockImplementation(() => now);
    try {
      await queue.run(async () => {
        now += 1000;
        return 'slow';
      }, 60_000);
      const g = gate();
      const running = queue.run(g.run, 60_000);
      // Behind one probe of ~1 s, a request that can wait 1.5 s in all would not get its answer in time.
      const err = await queue.run(g.run, 1500).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DistroreadyError);
      expect((err as DistroreadyError).message).toMatch(/would not finish within its deadline/);
      // One that can wait 10 s is queued.
      const queued = queue.run(g.run, 10_000);
      expect(queue.load.waiting).toBe(1);
      g.finish();
      await tick();
      g.finish();
      await expect(Promise.all([running, queued])).resolves.toEqual(['done', 'done']);
    } finally {
      clock.mockRestore();
      void realNow;
    }
  });

  it('gives up a waiting request whose client went away', async () => {
    const queue = new ProbeQueue({ concurrency: 1, maxWaiting: 10 });
    const g = gate();
    const running = queue.run(g.run, 60_000);
    const gone = new AbortController();
    const waiting = queue.run(g.run, 60_000, gone.signal);
    gone.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(queue.load.waiting).toBe(0);
    g.finish();
    await expect(running).resolves.toBe('done');
    expect(g.started).toBe(1);
  });
});
