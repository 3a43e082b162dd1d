/** The metrics probe. Its logic arrives with its own issue; until then it has nothing to probe. */
import type { Probe } from './types';

export const metricsProbe: Probe = {
  id: 'metrics',
  title: 'Metrics',
  workloadKeys: {
    metrics: {
      type: 'object',
      additionalProperties: false,
      properties: { url: { type: 'string', pattern: '^https?://' } },
    },
  },
  optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  run: () => Promise.resolve({ facts: {}, skipped: 'the metrics probe is not built yet' }),
};
