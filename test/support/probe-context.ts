/** A real ProbeContext for probe tests: the real HTTP client, a silent logger, a deadline. */
import { peerFactsFrom } from '../../probes/peer-facts';
import type { ProbeContext } from '../../probes/types';
import { createHttpClient } from '../../src/net/http-client';
import { silentLogger } from '../../src/telemetry/logger';

export function probeContext(options: Record<string, unknown> = {}, extra: Partial<ProbeContext> = {}): ProbeContext {
  return {
    signal: AbortSignal.timeout(20_000),
    logger: silentLogger(),
    http: createHttpClient(),
    options,
    peerFacts: peerFactsFrom({}),
    services: {},
    ...extra,
  };
}

/** The probe's options with the defaults its schema declares, as config loading fills them. */
export function defaultOptions(schema: Record<string, unknown>, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Ajv = require('ajv') as typeof import('ajv').default;
  const value: Record<string, unknown> = { ...overrides };
  new Ajv({ useDefaults: true, strict: false }).compile(schema)(value);
  return value;
}
