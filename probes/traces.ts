/** The traces probe. Its logic arrives with its own issue; until then it has nothing to probe. */
import type { Probe } from './types';

export const tracesProbe: Probe = {
  id: 'traces',
  title: 'Traces',
  workloadKeys: {
    traces: { type: 'object', additionalProperties: false, properties: {} },
  },
  optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  run: () => Promise.resolve({ facts: {}, skipped: 'the traces probe is not built yet' }),
};
