/**
 * Hostile or broken input is a finding, never a crash, a hang or unbounded memory:
 * files too big to be a Dockerfile, YAML nested 100 000 deep, thousands of documents or
 * containers. Generated here, so the repository does not carry megabytes of junk. The
 * bounds are checked by counting what was kept, not by timing (see bench/ for time).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { MAX_EVIDENCE } from '../../src/checks/evaluate-checks';
import { lintFiles } from '../../src/lint/lint-files';

const dir = mkdtempSync(path.join(tmpdir(), 'distroready-hostile-'));

function file(name: string, content: string | Buffer): string {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
}

const container = (i: number): string => `    - name: c${i}\n      image: x\n      command: [sh, -c, "run ${i}"]\n`;

describe('hostile input', () => {
  it.each<[string, () => string, RegExp]>([
    ['a 3 MB Dockerfile', () => file('big.Dockerfile', `FROM a\n${'RUN x\n'.repeat(500_000)}`), /over the 2097152-byte limit/],
    ['YAML nested 100 000 deep', () => file('deep.yaml', `a: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`), /YAML|could not be read/],
    ['an alias bomb in a pod spec', () => file('bomb.yaml', `x: &x [a,a,a,a,a,a,a,a,a,a]\ny: &y [${'*x,'.repeat(200)}*x]\nspec: { containers: [{ name: c, args: *y }] }\n`), /resource exhaustion/],
    ['a list of 100 000 small objects before the pod spec', () => file('wide.yaml', `kind: Pod\napiVersion: v1\nitems: [${'{a: 1},'.repeat(100_000)}{}]\nspec: { containers: [{ name: c, command: [sh, -c, x] }] }\n`), /command runs sh/],
    ['a 100 KB sh -c body', () => file('long-script.yaml', `kind: Pod\napiVersion: v1\nmetadata: { name: p }\nspec: { containers: [{ name: c, command: [sh, -c, "${'echo x; '.repeat(12_000)}"] }] }\n`), /command runs sh/],
  ])('%s', async (_name, make, message) => {
    const target = make();
    let value: string;
    try {
      value = (await lintFiles([path.relative(process.cwd(), target)])).findings.map((f) => f.message).join('\n');
    } catch (err) {
      value = (err as Error).message;
    }
    expect(value).toMatch(message);
  });

  it('reads at most 1000 of 2000 documents (two containers each), bounding the evidence it keeps', async () => {
    const docs = Array.from({ length: 2000 }, (_v, i) => `apiVersion: v1\nkind: Pod\nmetadata: { name: p${i} }\nspec:\n  containers:\n${container(i)}${container(i + 1)}`).join('---\n');
    const manifest = file('many.yaml', docs);
    const value = await lintFiles([manifest]);
    const command = value.failed.find((f) => f.check.id === 'shellContainerCommand')!.check;
    // 1000 documents × 2 containers are read (the rest is reported), and the evidence is capped.
    expect(command.message).toMatch(/^2000 container command/);
    // Regression (issue 10, point 11): evidence was cut without saying how much.
    expect(command.evidence).toHaveLength(MAX_EVIDENCE + 1);
    expect(command.evidence.at(-1)).toMatch(/^… and \d+ more$/);
    expect(command.locations!.length).toBeLessThanOrEqual(200);
    expect(value.findings.filter((f) => f.checkId === 'shellInputUnreadable')).toHaveLength(1);
    expect(value.findings.some((f) => /more than 1000 documents/.test(f.message))).toBe(true);
  });

  it('keeps a __proto__ key in a patch, and leaves Object.prototype alone', async () => {
    const manifest = file('proto.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: w }\nspec:\n  __proto__:\n    template:\n      spec:\n        containers:\n          - { name: app, image: x, command: [sh, -c, "exec node a.js"] }\n');
    const value = await lintFiles([manifest]);
    const patch = value.facts[0]!.patches[0]!.patch;
    // Two parts (command and read-only root) merge into one patch, nested under the key as written.
    expect(patch).toMatch(/^spec:\n  __proto__:\n    template:\n      spec:\n        containers:\n/m);
    expect(patch).toMatch(/command:\n\s+- node\n\s+- a\.js\n/);
    expect(patch).toMatch(/readOnlyRootFilesystem: true/);
    expect(({} as Record<string, unknown>).template).toBeUndefined();
  });
});
