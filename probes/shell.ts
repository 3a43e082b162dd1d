/** The shell probe. Its logic arrives with its own issue; until then it has nothing to probe. */
import type { Probe } from './types';

export const shellProbe: Probe = {
  id: 'shell',
  title: 'Shell',
  workloadKeys: {
    dockerfile: { type: 'string' },
    manifests: { type: 'array', items: { type: 'string' } },
  },
  optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  run: () => Promise.resolve({ facts: {}, skipped: 'the shell probe is not built yet' }),
};
