/** `promtool check metrics` on a scrape body: the exit status and whatever it complained about. */
import { spawnSync } from 'node:child_process';

export function promtoolCheckMetrics(promtool: string, body: string): { status: number | null; findings: string } {
  const run = spawnSync(promtool, ['check', 'metrics'], { input: body, encoding: 'utf8', timeout: 20_000 });
  return { status: run.status, findings: `${run.stdout ?? ''}${run.stderr ?? ''}`.trim() };
}
