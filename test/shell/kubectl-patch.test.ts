/**
 * Every patch lint proposes is one real kubectl accepts: each object of the corpus that
 * gets a patch is written to a file of its own, patched with
 * `kubectl patch --dry-run=client --local -f OBJECT --type T --patch-file PATCH -o yaml`,
 * and the patched object no longer has the findings the patch was for. The patch printed in
 * the text output is valid YAML as it stands (indented), and applies too.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { formatLintText } from '../../src/lint/format-lint';
import { lintFiles, type LintResult } from '../../src/lint/lint-files';
import { requireBinary } from '../support/binaries';
import { lintCorpus } from '../support/lint-corpus';

const kubectl = requireBinary('kubectl');
const dir = mkdtempSync(path.join(tmpdir(), 'distroready-kubectl-'));

type Obj = { kind?: string; metadata?: { name?: string; namespace?: string }; items?: Obj[] };

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(kubectl!, args, { timeout: 30_000, maxBuffer: 4 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** The object a patch is for, alone in a file (kubectl --local -f patches every object in a file). */
function objectFile(file: string, kind: string, name: string, namespace: string | null, index: number): string {
  const docs = parseAllDocuments(readFileSync(file, 'utf8')).map((d) => (d as unknown as { toJS(): Obj }).toJS());
  const all = docs.flatMap((d) => (d?.kind === 'List' ? (d.items ?? []) : [d]));
  const obj = all.find((o) => o?.kind === kind && (o.metadata?.name ?? '(unnamed)') === name && (o.metadata?.namespace ?? null) === namespace);
  if (!obj) throw new Error(`${kind}/${name} not found in ${file}`);
  const out = path.join(dir, `object-${index}.json`);
  writeFileSync(out, JSON.stringify(obj));
  return out;
}

function countsByCheck(result: LintResult): Map<string, number> {
  const m = new Map<string, number>();
  for (const f of result.findings) m.set(f.checkId, (m.get(f.checkId) ?? 0) + 1);
  return m;
}

(kubectl ? describe : describe.skip)('proposed patches, applied by real kubectl', () => {
  it('every patch of the corpus applies and removes the findings it was for', async () => {
    const { result } = await lintCorpus();
    const patches = result.facts.flatMap((f) => f.patches);
    expect(patches.length).toBeGreaterThanOrEqual(10);
    expect(patches.some((p) => p.type === 'json')).toBe(true);
    expect(patches.some((p) => p.namespace !== null)).toBe(true);
    for (const [i, p] of patches.entries()) {
      const object = objectFile(p.file, p.kind, p.name, p.namespace, i);
      const patchFile = path.join(dir, `patch-${i}.yaml`);
      writeFileSync(patchFile, p.patch);
      expect(p.patch).toContain(`kubectl patch ${p.kind.toLowerCase()} ${p.name}${p.namespace ? ` -n ${p.namespace}` : ''} --type ${p.type}`);
      const patched = await run(['patch', '--dry-run=client', '--local', '-f', object, '--type', p.type, '--patch-file', patchFile, '-o', 'yaml']);
      expect({ object: p.object, stderr: patched.stderr, code: patched.code }).toEqual({ object: p.object, stderr: '', code: 0 });
      const out = path.join(dir, `patched-${i}.yaml`);
      writeFileSync(out, patched.stdout);
      const before = countsByCheck(await lintFiles([object]));
      const after = countsByCheck(await lintFiles([out]));
      for (const check of p.checks) expect({ object: p.object, check, fewer: (after.get(check) ?? 0) < (before.get(check) ?? 0) }).toEqual({ object: p.object, check, fewer: true });
    }
    // Two kubectl runs and two lints per patch on a shared machine.
  }, 180_000);

  it('a patch copied from the text output, indentation and comments included, applies', async () => {
    const legacy = path.join('examples', 'workloads', 'legacy', 'deployment.yaml');
    const text = formatLintText(await lintFiles([legacy]));
    const block = /patch for Deployment\/legacy[^\n]*\n((?: {4}[^\n]*\n)+)/.exec(text)![1]!;
    const patched = await run(['patch', '--dry-run=client', '--local', '-f', legacy, '--type', 'strategic', '-p', block, '-o', 'yaml']);
    expect(patched.stderr).toBe('');
    const out = path.join(dir, 'legacy-patched.yaml');
    writeFileSync(out, patched.stdout);
    const after = (await lintFiles([out])).findings.filter((f) => f.severity === 'critical');
    expect(after).toEqual([]);
  });
});
