/**
 * Log classification throughput against the obvious baseline, in the same run:
 * `try { JSON.parse(line) } catch {}` over the same lines (which recognises only JSON).
 *
 * Two sets of 1,000,000 generated lines: mixed (a third each pino JSON, logfmt, plain
 * text) and all-JSON (pino-style). Goals: mixed ≥ 5× the bare loop; all-JSON ≥ 0.7× the
 * bare loop while also extracting the fields.
 *
 * Run: `npm run bench:logs`.
 */
import { classifyLine } from '../probes/logs/classify';

const N = 1_000_000;
const ROUNDS = 3;
const LEVELS = ['info', 'warn', 'error', 'debug'];
const PATHS = ['/api/orders', '/api/users/42', '/healthz', '/checkout', '/static/app.js'];

function pinoLine(i: number): string {
  const lvl = [30, 40, 50, 20][i % 4];
  return JSON.stringify({
    level: lvl,
    time: 1_764_000_000_000 + i,
    pid: 4242,
    hostname: 'web-7f9c',
    trace_id: (i * 2654435761).toString(16).padStart(32, '0').slice(-32),
    span_id: (i * 40503).toString(16).padStart(16, '0').slice(-16),
    req: { method: 'GET', url: PATHS[i % PATHS.length] },
    status: 200 + (i % 3),
    msg: `request served in ${i % 97} ms`,
  });
}

function logfmtLine(i: number): string {
  return `time=2026-11-29T22:${String(i % 60).padStart(2, '0')}:00.${String(i % 1000).padStart(3, '0')}Z level=${LEVELS[i % 4]} msg="request served" path=${PATHS[i % PATHS.length]} status=${200 + (i % 3)} duration_ms=${i % 97}`;
}

function plainLine(i: number): string {
  return `Sun Nov 29 2026 22:25:${String(i % 60).padStart(2, '0')} GMT+0000 - GET ${PATHS[i % PATHS.length]} took ${i % 97} ms (worker ${i % 8})`;
}

function generate(kind: 'mixed' | 'json'): string[] {
  const lines = new Array<string>(N);
  for (let i = 0; i < N; i++) {
    if (kind === 'json') lines[i] = pinoLine(i);
    else lines[i] = i % 3 === 0 ? pinoLine(i) : i % 3 === 1 ? logfmtLine(i) : plainLine(i);
  }
  return lines;
}

function bareLoop(lines: string[]): number {
  let parsed = 0;
  for (const line of lines) {
    try {
      JSON.parse(line);
      parsed++;
    } catch {
      /* not JSON */
    }
  }
  return parsed;
}

function classifyLoop(lines: string[]): number {
  let structured = 0;
  for (const line of lines) {
    const c = classifyLine(line);
    if (c.fields !== null && c.fields.levelOk) structured++;
  }
  return structured;
}

/** Best of ROUNDS, in lines per second; the sink keeps the work from being optimised away. */
function measure(fn: (lines: string[]) => number, lines: string[]): { rate: number; sink: number } {
  let best = Infinity;
  let sink = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = process.hrtime.bigint();
    sink += fn(lines);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    best = Math.min(best, ms);
  }
  return { rate: lines.length / (best / 1000), sink };
}

function fmt(rate: number): string {
  return `${(rate / 1e6).toFixed(2)} M lines/s`;
}

function main(): void {
  console.log(`node ${process.version}, ${N.toLocaleString('en')} lines per set, best of ${ROUNDS}`);
  for (const [kind, goal] of [['mixed', 5], ['json', 0.7]] as const) {
    const lines = generate(kind);
    // Warm both paths up so neither pays for the JIT in the measured rounds.
    bareLoop(lines.slice(0, 50_000));
    classifyLoop(lines.slice(0, 50_000));
    const bare = measure(bareLoop, lines);
    const ours = measure(classifyLoop, lines);
    const ratio = ours.rate / bare.rate;
    console.log(
      `${kind.padEnd(5)}  classify ${fmt(ours.rate)}  bare JSON.parse ${fmt(bare.rate)}  ratio ${ratio.toFixed(2)}×  (goal ≥ ${goal}×: ${ratio >= goal ? 'met' : 'NOT met'})`,
    );
  }
}

main();
