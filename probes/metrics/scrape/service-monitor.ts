/**
 * Whether the endpoints a cluster workload's ServiceMonitors name answer with an
 * exposition. The Prometheus Operator turns each into a scrape target, so an endpoint
 * whose named port does not exist on the Service (or resolves to no container port) is a
 * target Prometheus never gets, and one that answers something else is a target that is
 * down. Each distinct URL is scraped once (the URL the probe already judged is reused);
 * the claims are bounded upstream (MAX_CLAIMS). The claim is reported; a check judges it.
 */
import type { HttpClient, Target } from '../../types';
import type { MetricsFacts } from '../facts-schema';
import type { Discovery, Read } from './discover';
import { describeAttempt, scrapeOnce, type Attempt, type ScrapeOptions } from './scrape';

type Facts = NonNullable<MetricsFacts['serviceMonitors']>;
type Claim = NonNullable<Facts['claims']>[number];

/** `null` for a workload no ServiceMonitor selects (or not from a cluster, or unknown). */
export async function serviceMonitorFacts(target: Target, http: HttpClient, o: ScrapeOptions, read: (a: Attempt) => Read, seen: Discovery): Promise<Facts | null> {
  const monitors = target.cluster?.serviceMonitors;
  if (!monitors || monitors.length === 0) return null;
  const answers = new Map<string, { found: boolean; line: string }>();
  for (const a of seen.attempts) {
    const r = seen.reads.find((x) => x.attempt === a);
    answers.set(a.url, { found: r?.recognition.exposition === true, line: describeAttempt(a, r?.recognition.why ?? undefined) });
  }
  const claims: Claim[] = [];
  const evidence: string[] = [];
  for (const m of monitors) {
    const what = `${m.source} endpoint ${m.names} (Service ${m.service})`;
    if (!m.url) {
      // No URL with no problem means no pod to probe: the probe does not run then, so this is the problem case.
      claims.push({ source: m.source, service: m.service, names: m.names, url: null, found: false });
      evidence.push(`${what}: no scrape target: ${m.problem ?? 'it resolves to no port of the probed pod'}`);
      continue;
    }
    let answer = answers.get(m.url);
    if (!answer) {
      const a = await scrapeOnce(http, m.url, o);
      const r = a.error === null && a.status === 200 ? read(a) : null;
      answer = { found: r?.recognition.exposition === true, line: describeAttempt(a, r?.recognition.why ?? undefined) };
      answers.set(m.url, answer);
    }
    if (!answer.found && m.credentials) {
      evidence.push(`${what}: scrapes with credentials distroready does not hold, and without them ${answer.line}: not judged`);
      continue;
    }
    claims.push({ source: m.source, service: m.service, names: m.names, url: m.url, found: answer.found });
    evidence.push(`${what}${m.interval ? `, every ${m.interval}` : ''}: ${answer.line}`);
  }
  return { claims: claims.length > 0 ? claims : null, evidence };
}
