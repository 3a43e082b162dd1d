/** The terminal report shows workload text as data: control bytes are made visible. */
import { buildReport, type WorkloadResult } from '../../src/model';
import { renderText } from '../../src/report/text';
import { testCatalog } from '../support/catalog';
import { REACHED } from '../support/results';

const workload: WorkloadResult = {
  name: 'w', score: 40, verdict: 'not-ready', blockers: ['shellExecProbe'], reach: REACHED, incomplete: [], probes: {}, probedAt: '', sweepId: 's',
  checks: [{
    id: 'shellExecProbe', probe: 'shell', status: 'fail', severity: 'critical', message: 'exec probe runs cat',
    evidence: ['\u001b[2J\u001b]0;pwned\u0007 log line'], remediation: 'use httpGet',
    patch: 'spec:\n  template:\n    spec:\n      containers:\n        - name: app\n',
  }],
};

describe('renderText', () => {
  const text = renderText(buildReport([workload], testCatalog()));

  it('never passes escape sequences from evidence to the terminal', () => {
    expect(text).not.toMatch(/\u001b|\u0007/);
    expect(text).toContain('\\x1b[2J\\x1b]0;pwned\\x07 log line');
  });

  it('shows the proposed patch under the failed check', () => {
    expect(text).toContain('proposed patch:\n           spec:\n             template:');
  });
});
