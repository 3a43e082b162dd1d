/**
 * Runs one probe against one target under a deadline. A probe that throws, or does not
 * finish in time, becomes status `error` with its reason; nothing escapes to the sweep.
 */
import { SpanStatusCode, trace } from '@opentelemetry/api';
import type { Logger } from 'pino';
import { peerFactsFrom } from '../../probes/peer-facts';
import type { Facts, Probe, ProbeContext, ProbeId, ProbeMemory, ProbeServices } from '../../probes/types';
import { factsProblem } from './facts-conformance';
import type { ObservedProbe } from './judge';
import { deadlineSignal } from '../net/deadline-signal';
import type { HttpClient } from '../net/http-client';
import type { Target } from '../targets/target';

const tracer = trace.getTracer('distroready');

export interface RunProbeOptions {
  probe: Probe;
  target: Target;
  timeoutMs: number;
  logger: Logger;
  http: HttpClient;
  options: Record<string, unknown>;
  peerFacts: ReadonlyMap<ProbeId, Facts>;
  services: ProbeServices;
  signal?: AbortSignal;
  memory?: ProbeMemory;
  idle?: ProbeContext['idle'];
}

class ProbeTimeout extends Error {}

export async function runProbe(o: RunProbeOptions): Promise<ObservedProbe> {
  return tracer.startActiveSpan(`probe ${o.probe.id}`, { attributes: { 'distroready.workload': o.target.name, 'distroready.probe': o.probe.id } }, async (span): Promise<ObservedProbe> => {
    const started = performance.now();
    const deadline = deadlineSignal(o.timeoutMs, o.signal);
    const signal = deadline.signal;
    const ctx: ProbeContext = { signal, logger: o.logger, http: o.http, options: o.options, peerFacts: peerFactsFrom(o.peerFacts), services: o.services, memory: o.memory, idle: o.idle };
    let timer: NodeJS.Timeout | undefined;
    // The signal asks the probe to stop; the race guarantees we stop waiting even if it does not.
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ProbeTimeout(`did not finish within ${o.timeoutMs} ms`)), o.timeoutMs + 250);
    });
    const duration = (): number => Math.round(performance.now() - started);
    try {
      const outcome = await Promise.race([o.probe.run(o.target, ctx), timeout]);
      if (outcome.skipped !== undefined) {
        span.setAttribute('distroready.probe.status', 'skip');
        return { status: 'skip', facts: outcome.facts, reason: outcome.skipped, durationMs: duration() };
      }
      const problem = factsProblem(o.probe, outcome.facts);
      if (problem) {
        o.logger.warn({ problem }, 'probe facts do not match its facts schema');
        if (process.env.NODE_ENV === 'test') throw new Error(`facts do not match the ${o.probe.id} facts schema: ${problem}`);
      }
      // 'pass' is provisional: the judge sets the final status from the checks.
      return { status: 'pass', facts: outcome.facts, durationMs: duration(), ...(outcome.suppressions?.length ? { suppressions: outcome.suppressions } : {}) };
    } catch (err) {
      const reason = deadline.timedOut || err instanceof ProbeTimeout ? `timed out: did not finish within ${o.timeoutMs} ms` : errorText(err);
      o.logger.warn({ err, reason }, 'probe failed');
      span.setStatus({ code: SpanStatusCode.ERROR, message: reason });
      return { status: 'error', facts: {}, reason, durationMs: duration() };
    } finally {
      clearTimeout(timer);
      deadline.done();
      span.end();
    }
  });
}

function errorText(err: unknown): string {
  if (err instanceof Error) return `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}`;
  return String(err);
}
