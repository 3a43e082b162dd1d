/** The logs probe. Its logic arrives with its own issue; until then it has nothing to probe. */
import type { Probe } from './types';

export const logsProbe: Probe = {
  id: 'logs',
  title: 'Logs',
  workloadKeys: {
    logs: {
      type: 'object',
      additionalProperties: false,
      properties: {
        file: { type: 'string' },
        command: { type: 'array', items: { type: 'string' }, minItems: 1 },
      },
    },
  },
  optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  run: () => Promise.resolve({ facts: {}, skipped: 'the logs probe is not built yet' }),
};
