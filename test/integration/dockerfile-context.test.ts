/**
 * No Docker engine here, so the Dockerfile is held correct by reading it: what the build
 * stage copies from the context exists and is not excluded by .dockerignore, and
 * everything `npm run build` reads is copied before it runs.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../support/examples-config';

const lines = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8').split('\n');
const ignored = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));

/** `COPY a b ./dest` from the build context (not `--from`), with the line index. */
const contextCopies = lines.flatMap((line, i) => {
  const m = /^COPY\s+(?!--from)(.+)$/.exec(line);
  if (!m) return [];
  const parts = m[1]!.split(/\s+/);
  return parts.slice(0, -1).map((source) => ({ source, line: i }));
});

function excluded(source: string): boolean {
  return ignored.some((pattern) => {
    const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}(/|$)`);
    return re.test(source);
  });
}

describe('Dockerfile build context', () => {
  it.each(contextCopies.map((c) => [c.source]))('copies %s, which exists and is not ignored', (source) => {
    expect(existsSync(path.join(ROOT, source))).toBe(true);
    expect(excluded(source)).toBe(false);
  });

  it('copies everything the build reads before running it', () => {
    const build = lines.findIndex((l) => /^RUN .*npm run build/.test(l));
    expect(build).toBeGreaterThan(0);
    const before = new Set(contextCopies.filter((c) => c.line < build).map((c) => c.source));
    for (const needed of ['package.json', 'package-lock.json', 'tsconfig.json', 'src', 'probes', 'config']) expect([needed, before.has(needed)]).toEqual([needed, true]);
  });
});
