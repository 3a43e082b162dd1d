/**
 * `lint --emit-patches DIR`: each proposed Kubernetes patch as a file of its own (one per
 * object, for `kubectl patch --patch-file`), and for each Dockerfile with blockers a
 * proposed Dockerfile: exec-form CMD/ENTRYPOINT and `HEALTHCHECK NONE` (with the
 * Kubernetes probe that replaces it) where the fix is mechanical, a comment above each
 * blocker that needs a person.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CheckResult, SourceLocation } from '../model';
import type { LintResult } from './lint-files';

/** A file name from free text: letters, digits, dot, dash; nothing that climbs out of DIR. */
function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^[.-]+|-+$/g, '').slice(0, 120) || 'file';
}

/** The Dockerfile with the blockers' textual fixes applied, bottom-up so line numbers hold. */
export function proposedDockerfile(text: string, blockers: readonly CheckResult[]): string {
  const lines = text.split('\n');
  const edits: { loc: SourceLocation; note: string }[] = [];
  for (const c of blockers) {
    (c.locations ?? []).forEach((loc, i) => edits.push({ loc, note: c.evidence[i]?.replace(/^[^:]*:\d+: /, '') ?? c.message }));
  }
  edits.sort((a, b) => b.loc.line - a.loc.line);
  let last = Infinity;
  for (const { loc, note } of edits) {
    if (loc.line >= last) continue;
    last = loc.line;
    const at = loc.line - 1;
    if (loc.fix) lines.splice(at, loc.fix.endLine - at, ...loc.fix.text.split('\n'));
    else lines.splice(at, 0, `# distroready: blocker, to do by hand: ${note.replace(/\n/g, ' ')}`);
  }
  return lines.join('\n');
}

export interface Emitted {
  files: string[];
}

export function emitPatches(result: LintResult, dir: string): Emitted {
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  const write = (name: string, content: string): void => {
    const target = path.join(dir, name);
    writeFileSync(target, content);
    files.push(target);
  };
  result.report.workloads.forEach((w, i) => {
    const facts = result.facts[i]!;
    for (const p of facts.patches) write(`${slug(w.name)}--${slug(p.object.replace(/\//g, '-'))}.patch.yaml`, p.patch);
    if (facts.inputs.dockerfile === null) return;
    const blockers = w.checks.filter((c) => c.status === 'fail' && c.severity === 'critical');
    if (blockers.length === 0) return;
    write(`${slug(w.name)}.proposed`, proposedDockerfile(readFileSync(path.resolve(w.name), 'utf8'), blockers));
  });
  return { files };
}
