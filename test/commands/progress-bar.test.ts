/** The check command's progress bar: only on a terminal, only for more than a handful of workloads. */
import { createProgress, PROGRESS_MIN_WORKLOADS, type ProgressStream } from '../../src/commands/progress-bar';
import type { WorkloadResult } from '../../src/model';
import { workloadResult } from '../support/results';

function stream(isTTY: boolean): ProgressStream & { out: string } {
  const s = { isTTY, columns: 60, out: '', write: (chunk: string) => ((s.out += chunk), true) };
  return s;
}

const result = (name: string): WorkloadResult => workloadResult({ name, score: 90, verdict: 'ready' });

it.each([
  ['a terminal, many workloads', true, PROGRESS_MIN_WORKLOADS, true],
  ['a terminal, a handful', true, PROGRESS_MIN_WORKLOADS - 1, false],
  ['a pipe, many workloads', false, 50, false],
])('%s (tty: %s, %d workloads) → drawn: %s', (_case, isTTY, total, drawn) => {
  const s = stream(isTTY);
  const p = createProgress(total, s);
  p.tick(result('checkout'));
  p.done();
  expect(s.out.length > 0).toBe(drawn);
});

it('counts finished workloads, keeps to one line and clears it at the end', () => {
  const s = stream(true);
  const p = createProgress(8, s);
  p.tick(result('checkout'));
  p.tick(result(`a-very-long-name-${'x'.repeat(100)}\u001b[31m`));
  const lines = s.out.split('\r').filter(Boolean);
  expect(lines[1]).toContain('[###---------------------] 1/8 checkout: ready');
  expect(lines.every((l) => l.replace('\x1b[2K', '').length <= 59)).toBe(true);
  expect(s.out).not.toContain('\u001b[31m');
  p.done();
  expect(s.out.endsWith('\r\x1b[2K')).toBe(true);
});

it('takes 80 columns when the terminal reports none', () => {
  const s = { ...stream(true), columns: 0 };
  s.write = (chunk: string) => ((s.out += chunk), true);
  createProgress(6, s).tick(result('checkout'));
  expect(s.out).toContain('1/6 checkout: ready');
});
