/** The HTML report shows the base probe's recommendation and proposed Dockerfile, escaped: paths and commands came from a workload. */
import type { WorkloadResult } from '../../src/model';
import { workloadSection } from '../../src/report/html-workload';
import { testCatalog } from '../support/catalog';
import { REACHED } from '../support/results';

const EVIL = '<script>alert(1)</script>';

function workload(facts: Record<string, unknown>): WorkloadResult {
  return {
    name: 'w', score: 80, verdict: 'caveats', blockers: [], reach: REACHED, incomplete: [], checks: [], probedAt: '2026-01-01T00:00:00Z', sweepId: 's',
    probes: { base: { status: 'warn', facts, durationMs: 1 } },
  };
}

describe('the base image box', () => {
  it('shows image, reasons, COPY lines, the proposed Dockerfile and the debug command, all escaped', () => {
    const html = workloadSection(workload({
      recommended: {
        variant: 'base', image: 'gcr.io/distroless/base-debian12:nonroot', debugImage: 'x', chainguard: { image: 'cgr.dev/chainguard/glibc-dynamic', note: null },
        reasons: [`needs libssl.so.3 → base ${EVIL}`], copyLines: [`COPY --from=build /usr/lib/${EVIL}.so.1 /usr/lib/x.so.1`],
      },
      proposedDockerfile: `FROM ubuntu:22.04 AS build\nRUN echo "${EVIL}"\n`,
      debug: [{ workload: 'Deployment/w', container: 'app', command: 'kubectl debug -it POD --image=busybox:1.36 --target=app', customProfile: '{"securityContext":{"runAsUser":65532}}', findPod: 'kubectl get pods -l app=w' }],
    }), 'w', true, testCatalog().probes);
    expect(html).toContain('<code>gcr.io/distroless/base-debian12:nonroot</code>');
    expect(html).toContain('Proposed Dockerfile');
    expect(html).toContain('FROM ubuntu:22.04 AS build');
    expect(html).toContain('kubectl debug -it POD --image=busybox:1.36 --target=app');
    expect(html).toContain('&quot;runAsUser&quot;:65532');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('says when there is no distroless image, and shows nothing without base facts', () => {
    expect(workloadSection(workload({ recommended: { variant: null, image: null, debugImage: null, reasons: ['musl'], copyLines: [] } }), 'w', true, testCatalog().probes)).toContain('no distroless image');
    expect(workloadSection(workload({}), 'w', true, testCatalog().probes)).not.toContain('Recommended base image');
  });
});
