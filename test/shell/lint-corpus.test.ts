/**
 * The lint corpus: Dockerfiles, Kubernetes manifests and Compose files written in the
 * shapes real projects use (docker-library images, the OpenTelemetry demo, Google's
 * microservices demo, kubernetes/examples, kube-prometheus, cert-manager), each with its
 * expected findings in `expectations.yaml`. Lint's critical findings must be exactly the
 * expected ones (less the known misses the file declares), file by file.
 */
import { corpusFiles, findingsOf, lintCorpus, loadExpectations, type FileExpectation } from '../support/lint-corpus';
import type { LintResult } from '../../src/lint/lint-files';

const expectations = loadExpectations();
let linted: { result: LintResult; rel: (f: string) => string };

beforeAll(async () => {
  linted = await lintCorpus();
});

describe('lint corpus', () => {
  it('has at least 40 Dockerfiles and 40 manifests or Compose files, each with expectations', () => {
    const files = corpusFiles();
    expect(files.filter((f) => f.startsWith('dockerfiles/')).length).toBeGreaterThanOrEqual(40);
    expect(files.filter((f) => !f.startsWith('dockerfiles/')).length).toBeGreaterThanOrEqual(40);
    expect(Object.keys(expectations).sort()).toEqual(files.sort());
  });

  it.each(Object.entries(expectations))('%s', (file: string, e: FileExpectation) => {
    const { result, rel } = linted;
    const name = rel(file);
    const want = e.critical.filter((c) => !(e.knownMiss ?? []).includes(c)).concat(e.knownFalse ?? []).sort();
    expect(findingsOf(result, name, 'critical')).toEqual(want);
    const all = findingsOf(result, name);
    for (const a of e.also ?? []) expect(all.some((f) => (a.includes('@') ? f === a : f.startsWith(`${a}@`)))).toBe(true);
    for (const a of e.absent ?? []) expect(all.filter((f) => f.startsWith(`${a}@`))).toEqual([]);
    const workload = result.report.workloads.find((w) => w.name === name)!;
    const suppressed = workload.checks.filter((c) => c.status === 'suppressed').map((c) => c.id).sort();
    expect(suppressed).toEqual([...(e.suppressed ?? [])].sort());
    if (e.oneFinding) expect(all).toHaveLength(1);
    if (e.noFindings) expect(all).toEqual([]);
    const failed = workload.checks.filter((c) => c.status === 'fail');
    const patches = [...failed.map((c) => c.patch ?? ''), ...result.facts[result.report.workloads.indexOf(workload)]!.patches.map((p) => p.patch)].join('\n');
    for (const p of e.patchContains ?? []) expect(patches).toContain(p);
    const evidence = failed.flatMap((c) => [c.message, ...c.evidence]).join('\n');
    for (const p of e.evidenceContains ?? []) expect(evidence).toContain(p);
  });
});
