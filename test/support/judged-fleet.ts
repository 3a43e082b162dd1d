/**
 * Results for a fleet of any size, from the real judge over facts seen by real probes: the
 * thirteen basis workloads of `generated-fleet.ts` are swept for real on loopback (every
 * kind of health endpoint, metrics, logs, Dockerfile and manifest, and one workload that is
 * down), and each of K generated workloads is then judged from the facts of the basis
 * workloads that share its parts — its health facts from the basis with its kind of health
 * endpoints, its shell facts from the one with its Dockerfile and manifest, and so on. A
 * thousand workloads cost one sweep of thirteen; nothing is scored by hand.
 */
import * as path from 'node:path';
import type { ProbeId } from '../../probes/types';
import { loadChecks } from '../../src/checks/load-checks';
import { parseConfig } from '../../src/config/load-config';
import { createEngine, type Engine } from '../../src/engine/create-engine';
import { judge, type ObservedProbe } from '../../src/engine/judge';
import type { CompactResult, ReportCatalog } from '../../src/model';
import { receiverEngineOptions, startConfiguredReceiver } from '../../src/otlp/start';
import type { Reach } from '../../src/targets/target';
import { silentLogger } from '../../src/telemetry/logger';
import { basisProfiles, profiles, startFleet, type Profile } from './generated-fleet';

interface Basis {
  profile: Profile;
  reach: Reach;
  probes: Partial<Record<ProbeId, ObservedProbe>>;
}

/** Which parts of a profile each probe's facts depend on. */
const PARTS: Record<ProbeId, (p: Profile) => string> = {
  health: (p) => p.health,
  metrics: (p) => p.metrics,
  logs: (p) => p.logs,
  traces: () => 'any',
  shell: (p) => `${p.dockerfile}|${p.manifest}`,
  base: (p) => p.dockerfile,
};

/** Sweeps the basis one workload at a time, keeping each probe's raw observation (before judging). */
async function sweepBasis(): Promise<{ basis: Basis[]; engine: Engine }> {
  const fleet = await startFleet(basisProfiles());
  const checks = loadChecks();
  const config = parseConfig(fleet.yaml.replace('concurrency: 64', 'concurrency: 1'), path.join(fleet.dir, 'distroready.yaml'), {}, checks);
  const logger = silentLogger();
  const otlp = await startConfiguredReceiver(config.otlp, { logger });
  let current: Partial<Record<ProbeId, ObservedProbe>> = {};
  const observed: Partial<Record<ProbeId, ObservedProbe>>[] = [];
  const engine = createEngine({ config, checks, logger, ...receiverEngineOptions(otlp) });
  engine.deps.onProbeFinished = (probe, result) => void (current[probe] = result as ObservedProbe);
  engine.deps.onWorkloadDone = () => {
    observed.push(current);
    current = {};
  };
  try {
    const { results } = await engine.sweep();
    const basis = results.map((r, i) => ({
      profile: basisProfiles()[i]!,
      reach: r.reach,
      // A live probe of a workload not reached never ran: its judged result is its observation.
      probes: { ...(r.probes as Partial<Record<ProbeId, ObservedProbe>>), ...observed[i] },
    }));
    return { basis, engine };
  } finally {
    await otlp?.close();
    await fleet.close();
  }
}

function observe(p: Profile, basis: readonly Basis[]): { reach: Reach; probes: Partial<Record<ProbeId, ObservedProbe>> } {
  const down = basis.find((b) => b.profile.down)!;
  const probes: Partial<Record<ProbeId, ObservedProbe>> = {};
  for (const [probe, part] of Object.entries(PARTS) as [ProbeId, (x: Profile) => string][]) {
    const live = probe !== 'shell' && probe !== 'base';
    const from = p.down && live ? down : basis.find((b) => !b.profile.down && part(b.profile) === part(p))!;
    if (from.probes[probe]) probes[probe] = from.probes[probe];
  }
  return { reach: p.down ? down.reach : basis[0]!.reach, probes };
}

export interface JudgedFleetOptions {
  seed?: number;
  /** Sweeps of history; between two, about one workload in eight changes its endpoints. */
  sweeps?: number;
  /** Names as the dashboard should see them; default `team/deployment/service-N`, as discovered workloads are named. */
  name?: (p: Profile) => string;
}

/** K workloads' results as the engine keeps them, one array per sweep, oldest first, and the catalog of their words. */
export async function judgedFleet(count: number, o: JudgedFleetOptions = {}): Promise<{ sweeps: CompactResult[][]; catalog: ReportCatalog }> {
  const { basis, engine } = await sweepBasis();
  const fleet = profiles(count, o.seed ?? 15);
  const name = o.name ?? ((p: Profile) => `${p.team}/deployment/${p.name.slice(p.team.length + 1)}`);
  const start = Date.parse('2026-03-02T08:00:00.000Z');
  const sweeps: CompactResult[][] = [];
  for (let s = 0; s < (o.sweeps ?? 2); s++) {
    if (s > 0) drift(fleet, s);
    const probedAt = new Date(start + s * 15 * 60_000).toISOString();
    sweeps.push(
      fleet.map((p, i) => {
        const seen = observe(p, basis);
        const labels = { team: p.team };
        const definedAt = { file: 'distroready.yaml', line: 8 + i * 4, column: 5 };
        const r = judge({ name: name(p), sweepId: `sweep-${s + 1}`, reach: seen.reach, launched: false, probes: seen.probes, labels, definedAt }, engine.deps);
        return { ...r, probedAt };
      }),
    );
  }
  return { sweeps, catalog: engine.catalog };
}

/** Deterministic churn: every eighth workload (shifted per sweep) gains or loses its endpoints. */
function drift(fleet: Profile[], sweep: number): void {
  fleet.forEach((p, i) => {
    if ((i + sweep * 3) % 8 !== 0 || p.down) return;
    p.health = p.health === 'split' ? 'failing' : 'split';
    p.metrics = p.metrics === 'rich' ? 'basic' : 'rich';
  });
}
