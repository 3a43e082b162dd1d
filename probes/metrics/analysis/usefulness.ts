/**
 * Is the endpoint worth scraping? Without a shell, metrics are how people see a workload:
 * process/runtime health, and for a server its RED signals (request rate, errors,
 * duration) with a latency histogram or summary to take quantiles from. Families are
 * recognised only by the conventions table (`conventions.ts`), and each pick says which
 * convention it follows; when no family follows one, nothing is picked.
 */
import { clip, labelNamesOf, type MetricFamily } from '../parser/exposition';
import { CONVENTIONS, NOT_SERVED, OUTCOME_LABELS, RUNTIME_PREFIXES, type Convention } from './conventions';

/** A family chosen for a signal: what to query, and why it means that. */
export interface Pick {
  /** What to query: `http_requests_total`, `http_server_requests_seconds_count`, `grpc_server_handled_total{grpc_code}`. */
  metric: string;
  family: string;
  why: string;
}

export interface Signals {
  /** Process/runtime families, in exposition order (the first `RUNTIME_LISTED`). */
  runtime: string[];
  /** How many runtime families there are in all. */
  runtimeCount: number;
  rate: Pick | null;
  errors: Pick | null;
  duration: Pick | null;
  /** The request duration, else a worker's job duration. */
  latency: Pick | null;
}

export interface Usefulness {
  signals: Signals;
  /** Families that look like traffic but are not the workload's (the metrics handler's own counters), with why. */
  notTraffic: string[];
}

export const RUNTIME_LISTED = 20;

interface Match {
  family: MetricFamily;
  convention: Convention;
  /** Row of the table, then namespace words: lower is a better match. */
  rank: number;
}

const isCounter = (type: string): boolean => type === 'counter';
/** Counters compare without `_total`, so a text family (`x_total`) and an OpenMetrics one (`x`) look alike. */
const keyOf = (name: string, counter: boolean): string => (counter && name.endsWith('_total') ? name.slice(0, -6) : name);

/** The table indexed by key, each key with its rows in table order. */
const BY_KEY = new Map<string, { row: number; convention: Convention }[]>();
CONVENTIONS.forEach((convention, row) => {
  const key = keyOf(convention.name, convention.types.some(isCounter));
  BY_KEY.set(key, [...(BY_KEY.get(key) ?? []), { row, convention }]);
});

/** The best row of the table `f` follows, or null: its name exactly, or with a namespace of one or two words. */
function matchOf(f: MetricFamily): Match | null {
  const key = keyOf(f.name, isCounter(f.type));
  const words = key.split('_');
  // Namespaces of 0, 1 or 2 words: three lookups per family, whatever the table's size.
  for (let skip = 0; skip <= 2 && skip < words.length; skip++) {
    const prefix = words.slice(0, skip);
    if (prefix.some((w) => w === '' || (NOT_SERVED as readonly string[]).includes(w))) break;
    const rows = BY_KEY.get(words.slice(skip).join('_')) ?? [];
    const hit = rows.find((r) => (skip === 0 || r.convention.match === 'namespaced') && r.convention.types.includes(f.type));
    if (hit) return { family: f, convention: hit.convention, rank: hit.row * 3 + skip };
  }
  return null;
}

const queryName = (f: MetricFamily): string => (isCounter(f.type) ? `${keyOf(f.name, true)}_total` : f.name);
const pickOf = (m: Match, metric: string, why = `${m.convention.what}`): Pick => ({ metric: clip(metric), family: clip(m.family.name), why });

function outcomeLabel(f: MetricFamily): string | undefined {
  const names = labelNamesOf(f);
  return OUTCOME_LABELS.find((l) => names.has(l));
}

export function assessUsefulness(families: MetricFamily[]): Usefulness {
  const live = families.filter((f) => f.count > 0);
  const runtimeAll = live.filter((f) => RUNTIME_PREFIXES.some((p) => f.name.startsWith(p)));
  const matches = live.map(matchOf).filter((m): m is Match => m !== null).sort((a, b) => a.rank - b.rank);
  const best = (role: Convention['role']): Match | undefined => matches.find((m) => m.convention.role === role);
  const requests = best('requests');
  const duration = best('duration');
  const work = best('work');
  const rate = requests ? pickOf(requests, queryName(requests.family)) : duration ? pickOf(duration, `${duration.family.name}_count`, `the _count of ${duration.convention.what}`) : null;
  // Errors show on the rate's family first, then on any other request family that carries a status.
  const traffic = [requests, duration, ...matches.filter((m) => m.convention.role === 'requests' || m.convention.role === 'duration')];
  let errors: Pick | null = null;
  for (const m of traffic) {
    const label = m && outcomeLabel(m.family);
    if (m && label) {
      errors = pickOf(m, `${isCounter(m.family.type) ? queryName(m.family) : `${m.family.name}_count`}{${label}}`, `${m.convention.what}, by its ${label} label`);
      break;
    }
  }
  const durationPick = duration ? pickOf(duration, duration.family.name) : null;
  const signals: Signals = {
    runtime: runtimeAll.slice(0, RUNTIME_LISTED).map((f) => clip(f.name)),
    runtimeCount: runtimeAll.length,
    rate,
    errors,
    duration: durationPick,
    latency: durationPick ?? (work ? pickOf(work, work.family.name) : null),
  };
  return { signals, notTraffic: matches.filter((m) => m.convention.role === 'metrics-handler').map((m) => `${clip(m.family.name)}: ${m.convention.what}`) };
}

/**
 * Request metrics declared (HELP/TYPE) but without samples yet: a labelled counter or
 * histogram shows no series until its first request. The probe then scrapes once more,
 * as Prometheus' next scrape would, since the first scrape was itself a request.
 */
export function awaitsTraffic(families: MetricFamily[]): boolean {
  return families.some((f) => {
    if (f.count > 0 || !f.typed) return false;
    const role = matchOf(f)?.convention.role;
    return role === 'requests' || role === 'duration';
  });
}
