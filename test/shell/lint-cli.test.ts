/**
 * `distroready lint` as a user meets it, through the built CLI: exit codes (1 on any
 * critical finding, 0 otherwise, 2 for usage), `file:line` output, JSON, and SARIF 2.1.0
 * that code scanning accepts.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv';
import { CLI } from '../support/examples-config';
import { sarifShape } from '../support/sarif-shape';

const ROOT = path.resolve(__dirname, '..', '..');
const ex = (p: string): string => path.join('examples', 'workloads', p);
const fx = (p: string): string => path.join('test', 'fixtures', 'shell', p);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function lint(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, 'lint', ...args], { cwd: ROOT, timeout: 90_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? -1) : 0, stdout, stderr });
    });
  });
}

// Each case starts the CLI (WebAssembly shell parser, check compilation) on a shared machine.
jest.setTimeout(120_000);

describe('distroready lint', () => {
  it.each<[string, number, string[]]>([
    ['the legacy example (critical findings)', 1, [ex('legacy/Dockerfile'), ex('legacy/deployment.yaml')]],
    ['the ready example (clean)', 0, [ex('ready/Dockerfile'), ex('ready/deployment.yaml')]],
    ['only non-critical findings', 0, [fx('df-root-user/Dockerfile'), fx('k8s-no-probes/replicaset.yaml')]],
    ['init containers and sidecars only (never blocking)', 0, [fx('k8s-init-and-sidecars/deployment.yaml')]],
    ['a directory with the legacy example in it', 1, [ex('legacy')]],
    ['the same clean file twice', 0, [ex('ready/Dockerfile'), ex('ready/Dockerfile')]],
    ['no files', 2, []],
    ['a missing file', 2, ['nope/Dockerfile']],
    ['an unknown format', 2, ['--format', 'xml', ex('ready/Dockerfile')]],
  ])('%s exits %i', async (_name, code, args) => {
    const run = await lint(...args);
    expect(run.code).toBe(code);
  });

  it('prints each finding as file:line:col: severity: message [check], then the fix', async () => {
    const run = await lint(ex('legacy/Dockerfile'), ex('legacy/deployment.yaml'));
    expect(run.stdout).toContain(`${ex('legacy/Dockerfile')}:6: critical: CMD node server.js is shell form`);
    expect(run.stdout).toContain(`${ex('legacy/deployment.yaml')}:17:11: critical: Deployment/legacy container app: livenessProbe exec runs cat /tmp/healthy`);
    expect(run.stdout).toMatch(/\[shellExecProbe\]\n/);
    expect(run.stdout).toMatch(/patch for Deployment\/legacy \(fixes [\w, ]+\):\n\s+# Deployment\/legacy .*\n\s+# apply: kubectl patch deployment legacy --type strategic/);
    expect(run.stdout).toMatch(/10 finding\(s\) in 2 file\(s\): 6 critical, 1 important, 2 normal, 1 low/);
  });

  it('names the bad format and the missing file', async () => {
    expect((await lint('--format', 'xml', ex('ready/Dockerfile'))).stderr).toMatch(/--format must be one of text, json, sarif/);
    expect((await lint('nope/Dockerfile')).stderr).toMatch(/nope\/Dockerfile: no such file/);
  });

  it('--format json lists findings with file, line and check, and the fixes with patches', async () => {
    const run = await lint('--format', 'json', ex('legacy/deployment.yaml'));
    const body = JSON.parse(run.stdout) as { summary: Record<string, number>; findings: Record<string, unknown>[]; fixes: Record<string, unknown>[] };
    expect(body.summary).toEqual({ critical: 4, important: 1, normal: 0, low: 1 });
    expect(body.findings).toContainEqual({ checkId: 'shellLifecycleHookExec', severity: 'critical', file: ex('legacy/deployment.yaml'), line: 24, column: 13, message: expect.stringContaining('preStop exec runs sh -c') });
    expect(body.fixes.find((f) => f.checkId === 'shellLifecycleHookExec')?.patch).toMatch(/sleep:\n\s+seconds: 10/);
  });

  it('--format sarif is SARIF 2.1.0 with rules from the checks and line regions', async () => {
    const run = await lint('--format', 'sarif', ex('legacy/Dockerfile'), ex('legacy/deployment.yaml'));
    expect(run.code).toBe(1);
    const sarif = JSON.parse(run.stdout) as { runs: { tool: { driver: { rules: { id: string }[] } }; results: Record<string, any>[] }[] }; // eslint-disable-line @typescript-eslint/no-explicit-any
    const validate = new Ajv({ allErrors: true, strict: false }).compile(sarifShape);
    const valid = validate(sarif);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    const { rules } = sarif.runs[0]!.tool.driver;
    const results = sarif.runs[0]!.results;
    expect(results).toHaveLength(10);
    for (const r of results) expect(rules[r.ruleIndex]!.id).toBe(r.ruleId);
    const probe = results.find((r) => r.ruleId === 'shellExecProbe' && r.locations[0].physicalLocation.region.startLine === 20)!;
    expect(probe).toMatchObject({
      level: 'error',
      message: { text: expect.stringContaining('readinessProbe exec runs sh -c') },
      locations: [{ physicalLocation: { artifactLocation: { uri: 'examples/workloads/legacy/deployment.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 20, startColumn: 11 } } }],
    });
    expect(results.find((r) => r.ruleId === 'shellWritableRootFilesystem')!.level).toBe('note');
    // The Dockerfile's shell-form CMD carries its exec-form replacement as a SARIF fix.
    const cmd = results.find((r) => r.ruleId === 'shellFormEntrypoint')!;
    expect(cmd.fixes).toEqual([{
      description: { text: 'Replace with: CMD ["node", "server.js"]' },
      artifactChanges: [{
        artifactLocation: { uri: 'examples/workloads/legacy/Dockerfile', uriBaseId: '%SRCROOT%' },
        replacements: [{ deletedRegion: { startLine: 6, endLine: 6 }, insertedContent: { text: 'CMD ["node", "server.js"]' } }],
      }],
    }]);
    expect(results.find((r) => r.ruleId === 'shellExecProbe')!.fixes).toBeUndefined();
  });

  it('--emit-patches DIR writes one patch per object and a proposed Dockerfile that lints without its fixed blockers', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'distroready-emit-'));
    const corpus = (p: string): string => path.join('test', 'fixtures', 'lint-corpus', p);
    const run = await lint('--emit-patches', dir, ex('legacy/Dockerfile'), ex('legacy/deployment.yaml'), corpus('manifests/exec-probe-cat.yaml'), corpus('dockerfiles/env-port-healthcheck/Dockerfile'));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/wrote 4 file\(s\) to /);
    const files = readdirSync(dir).sort();
    expect(files).toEqual([
      'examples-workloads-legacy-Dockerfile.proposed',
      'examples-workloads-legacy-deployment.yaml--Deployment-legacy.patch.yaml',
      'test-fixtures-lint-corpus-dockerfiles-env-port-healthcheck-Dockerfile.proposed',
      'test-fixtures-lint-corpus-manifests-exec-probe-cat.yaml--shop-Deployment-cart.patch.yaml',
    ]);
    const proposed = readFileSync(path.join(dir, files[0]!), 'utf8');
    expect(proposed).toMatch(/^CMD \["node", "server.js"\]$/m);
    expect(proposed).toMatch(/^HEALTHCHECK NONE\n# Kubernetes ignores HEALTHCHECK; probe the same thing with:\n#   livenessProbe: \{"httpGet":\{"path":"\/","port":8082\}\}$/m);
    const health = readFileSync(path.join(dir, files[2]!), 'utf8');
    expect(health).toContain('#   livenessProbe: {"httpGet":{"path":"/health","port":8000}}');
    // Linted as a Dockerfile in the example's own directory (its build context), the proposal has no blockers left.
    const again = path.join('examples', 'workloads', 'legacy', 'Dockerfile.proposed-test');
    writeFileSync(again, proposed);
    try {
      const relint = await lint(again);
      expect(relint.stdout).not.toMatch(/critical:/);
    } finally {
      rmSync(again);
    }
  });
});
