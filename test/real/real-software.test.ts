/**
 * Real programs from Debian's packages, judged by distroready as `run` and as `url`
 * workloads, held to docs/real-software.md (as data in ./expectations.ts). Expectations
 * distroready does not meet yet run as `it.failing`, with the reason in the test name.
 * A program whose package is missing is skipped, except under CI=true, where it fails.
 */
import { EXPECTATIONS, type CheckStatus, type ProgramExpectation, type Red } from './expectations';
import { MODES, judgeBothModes, type Judged, type JudgedWorkload, type Mode } from '../support/real-judge';
import { REAL_PROGRAMS } from '../support/real-programs';

const programs = REAL_PROGRAMS.map((program) => ({ program, bin: program.binary() }));
const missing = programs.filter((p) => !p.bin).map((p) => p.program.pkg);
if (missing.length > 0 && process.env.CI === 'true') {
  throw new Error(`${missing.join(', ')} required under CI=true but not installed; .ci/run must apt-get install them`);
}
const available = programs.filter((p): p is { program: (typeof programs)[number]['program']; bin: string } => p.bin !== null);

let judged: Judged | undefined;
beforeAll(async () => {
  judged = await judgeBothModes(available);
  // How long judging ten real programs twice takes: reported, never asserted (the machine may be loaded).
  process.stderr.write(`real software: ${available.length} programs judged in both modes in ${judged.seconds.toFixed(1)} s\n`);
}, 180_000);
afterAll(() => judged?.stop());

const perMode = <T>(v: T | Record<Mode, T>, mode: Mode): T => (typeof v === 'object' && v !== null && 'run' in v && 'url' in v ? (v as Record<Mode, T>)[mode] : (v as T));
type Facts = Record<string, unknown>;
const facts = (w: JudgedWorkload, probe: string): Facts => (w.probes[probe]?.facts ?? {}) as Facts;
const path = (v: unknown): string | null => (typeof v === 'string' ? new URL(v).pathname : null);
const endpointPath = (h: Facts, key: 'liveness' | 'readiness'): string | null => ((h[key] as { path?: string } | null)?.path ?? null);

type Pick = { metric: string; family: string } | null;
/** The metrics facts these tests read, from the typed `signals` (main) or the older flat facts. */
function metricsView(m: Facts): { runtime: unknown; red: Red | null; latency: string | null } {
  if ('signals' in m) {
    const s = m.signals as { runtime: string[]; rate: Pick; errors: Pick; duration: Pick; latency: Pick } | null;
    if (!s) return { runtime: null, red: null, latency: null };
    return { runtime: s.runtime.length > 0, red: { rate: s.rate?.family ?? null, errors: s.errors?.metric ?? null, duration: s.duration?.family ?? null }, latency: s.latency?.family ?? null };
  }
  return { runtime: m.runtimeMetrics ?? null, red: (m.red ?? null) as Red | null, latency: (m.latencyFamily ?? null) as string | null };
}

function checkStatus(w: JudgedWorkload, id: string): string | undefined {
  return w.checks.find((c) => c.id === id)?.status;
}

/** The live facts both modes must agree on. */
function liveSignals(w: JudgedWorkload, e: ProgramExpectation): Record<string, unknown> {
  const m = facts(w, 'metrics');
  const h = facts(w, 'health');
  const view = metricsView(m);
  const red = view.red;
  const stable = (k: keyof Red | 'latency'): boolean => !(e.metrics.afterTraffic ?? []).includes(k);
  return {
    metricsPath: m.valid === true ? path(m.url) : null,
    runtime: view.runtime,
    red: red && Object.fromEntries((['rate', 'errors', 'duration'] as const).filter(stable).map((k) => [k, red[k]])),
    latency: stable('latency') ? view.latency : 'after traffic',
    speaksHttp: h.speaksHttp,
    catchAll: h.catchAll,
    liveness: endpointPath(h, 'liveness'),
    readiness: endpointPath(h, 'readiness'),
    spansExported: facts(w, 'traces').spansExported === true,
  };
}

it('judged every installed program in both modes', () => {
  expect(judged).toBeDefined();
  for (const mode of MODES) expect([...judged!.byMode[mode].keys()].sort()).toEqual(available.map((p) => p.program.id).sort());
});

for (const { program } of available) {
  const e = EXPECTATIONS[program.id]!;
  const failing = e.failing ?? {};
  const pending = e.pending ?? {};
  const workload = (mode: Mode): JudgedWorkload => judged!.byMode[mode].get(program.id)!;
  const test = (key: string, name: string, fn: () => void): void => {
    const why = failing[key];
    if (pending[key]) it.skip(`${name} [pending: ${pending[key]}]`, fn);
    else if (why) it.failing(`${name} [fails today: ${why}]`, fn);
    else it(name, fn);
  };

  describe(program.id, () => {
    for (const mode of MODES) {
      test(`${mode}:reach`, `${mode}: reached (${mode === 'run' ? 'started and listening' : 'accepts connections'})`, () => expect(workload(mode).reach?.status).toBe('reached'));
      test(`${mode}:verdict`, `${mode}: verdict ${e.verdict[mode]}`, () => expect(workload(mode).verdict).toBe(e.verdict[mode]));
      for (const [probe, status] of Object.entries(e.probes)) {
        const want = perMode(status, mode);
        test(`${mode}:probe:${probe}`, `${mode}: probe ${probe} is ${want}`, () => {
          // The failed checks come along, so a wrong status shows why.
          const failed = workload(mode).checks.filter((c) => c.probe === probe && c.status === 'fail').map((c) => c.id);
          expect(`${workload(mode).probes[probe]?.status} (failed: ${failed.join(', ') || 'none'})`).toMatch(new RegExp(`^${want} `));
        });
      }
      for (const [check, status] of Object.entries(e.checks)) {
        const want = perMode<CheckStatus>(status, mode);
        test(`${mode}:check:${check}`, `${mode}: ${check} is ${want}`, () => expect(checkStatus(workload(mode), check)).toBe(want));
      }
      if (perMode(e.checks.healthLivenessMissing ?? 'pass', mode) === 'fail') {
        // tcpSocket and httpGet / need no shell: a missing liveness endpoint never forces an exec probe.
        test(`${mode}:message:healthLivenessMissing`, `${mode}: healthLivenessMissing does not claim an exec probe is needed`, () => {
          expect(workload(mode).checks.find((c) => c.id === 'healthLivenessMissing')?.message).not.toMatch(/need an exec probe/);
        });
      }
      test(`${mode}:logs`, `${mode}: logs are ${e.logs.format} on ${e.logs.streams.join(' and ')}`, () => {
        const l = facts(workload(mode), 'logs');
        const formats = l.formats as Record<'json' | 'logfmt' | 'plain', number>;
        const classified = formats.json + formats.logfmt + formats.plain;
        expect(formats[e.logs.format] / classified).toBeGreaterThanOrEqual(0.9);
        const streams = l.streams as Record<string, number>;
        if (mode === 'url') expect(streams.command).toBeGreaterThan(0);
        else for (const s of ['stdout', 'stderr']) expect([s, streams[s]! > 0]).toEqual([s, e.logs.streams.includes(s as 'stdout')]);
      });
      test(`${mode}:metrics:endpoint`, `${mode}: metrics endpoint ${e.metrics.endpoint ?? 'none'}`, () => {
        const m = facts(workload(mode), 'metrics');
        if (e.metrics.endpoint === null) expect(m.valid).not.toBe(true);
        else expect([path(m.url), m.valid, metricsView(m).runtime]).toEqual([e.metrics.endpoint, true, true]);
      });
      if (e.metrics.red) {
        const red = e.metrics.red;
        test(`${mode}:metrics:red`, `${mode}: RED picks ${JSON.stringify(red)}`, () => {
          const got = metricsView(facts(workload(mode), 'metrics')).red ?? { rate: null, errors: null, duration: null };
          // A family that appears only once the server has handled a request may be missed by an early scrape: then nothing, never something else.
          for (const k of ['rate', 'errors', 'duration'] as const) {
            const allowed = (e.metrics.afterTraffic ?? []).includes(k) ? [red[k], null] : [red[k]];
            expect([k, allowed.includes(got[k]) ? red[k] : got[k]]).toEqual([k, red[k]]);
          }
        });
      }
      if (e.metrics.latency !== undefined) {
        const latency = e.metrics.latency;
        test(`${mode}:metrics:latency`, `${mode}: latency family ${latency ?? 'none'}`, () => {
          const got = metricsView(facts(workload(mode), 'metrics')).latency;
          const allowed = (e.metrics.afterTraffic ?? []).includes('latency') ? [latency, null] : [latency];
          expect(allowed.includes(got as string | null) ? latency : got).toBe(latency);
        });
      }
      test(`${mode}:health`, `${mode}: health ${JSON.stringify(e.health)}`, () => {
        const h = facts(workload(mode), 'health');
        expect({ speaksHttp: h.speaksHttp, catchAll: h.catchAll, liveness: endpointPath(h, 'liveness'), readiness: endpointPath(h, 'readiness') }).toEqual(e.health);
      });
    }
    test('agree', 'run and url agree on the live signals (metrics, health, traces)', () => {
      expect(liveSignals(workload('url'), e)).toEqual(liveSignals(workload('run'), e));
    });
  });
}
