/**
 * Where a file of the final image came from: the `COPY`/`ADD` that put it there (into a
 * directory, under a copied directory, by a glob, from a heredoc), followed through
 * `COPY --from=stage` into earlier stages, down to the build context. A bare program name
 * is looked up in the directories of the default PATH, as the runtime would.
 */
import { basename } from '../commands';
import { execForm, splitFlags } from './parse';
import { resolvePath, stageNamed, type Stage, type StageInstruction } from './stages';

export type Origin =
  | { from: 'context'; source: string; ins: StageInstruction }
  | { from: 'heredoc'; body: string; ins: StageInstruction }
  | { from: 'image'; image: string; source: string; ins: StageInstruction };

export interface Trace {
  /** Every path the file had, the final one first (for generated-script patterns). */
  paths: string[];
  /** The copy that brought it from outside the stages (context, heredoc, external image); null when none did. */
  origin: Origin | null;
}

const PATH_DIRS = new Set(['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin']);
const MAX_DEPTH = 4;

function globRegex(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return new RegExp(`^${body}$`);
}

const isGlob = (p: string): boolean => /[*?[]/.test(p);
const dirOf = (p: string): string => p.slice(0, Math.max(p.lastIndexOf('/'), 0)) || '/';

/** Where `src`, copied to `dest`, puts the file `target`, as a path inside `src`; null when it does not. */
function sourceFor(target: string, src: string, dest: string, destIsDir: boolean): string | null {
  const bare = !target.includes('/');
  const name = basename(target);
  const srcName = basename(src.replace(/\/+$/, ''));
  const inDir = (dir: string): boolean => (bare ? PATH_DIRS.has(dir.replace(/\/+$/, '')) : dirOf(target) === dir.replace(/\/+$/, ''));
  // A file copied into a directory (`COPY docker-healthcheck /usr/local/bin/`, `COPY *.sh /`).
  if (destIsDir && inDir(dest) && (isGlob(srcName) ? globRegex(srcName).test(name) : srcName === name)) {
    return isGlob(srcName) ? `${dirOf(src)}/${name}` : src;
  }
  // A file copied to a path of its own (`COPY run.sh /entrypoint`).
  if (!destIsDir && (bare ? PATH_DIRS.has(dirOf(dest)) && basename(dest) === name : dest === target)) return src;
  // A directory copied (`COPY . /app`, `COPY --from=build /app/build/install/ad /app`).
  if (isGlob(src)) return null;
  const root = dest.replace(/\/+$/, '') || '/';
  if (bare) return PATH_DIRS.has(root) ? `${src.replace(/\/+$/, '')}/${name}` : null;
  if (target.startsWith(`${root}/`)) return `${src.replace(/\/+$/, '') || '.'}/${target.slice(root.length + 1)}`;
  return null;
}

function copiesOf(stage: Stage): StageInstruction[] {
  const out: StageInstruction[] = [];
  for (let s: Stage | null = stage; s; s = s.parent) out.push(...s.instructions.filter((i) => i.keyword === 'COPY' || i.keyword === 'ADD').reverse());
  return out;
}

/** The copy in `stage` (or the stages under it) that last wrote `target`, followed back to its origin. */
export function traceFile(target: string, stage: Stage, stages: Stage[], depth = 0): Trace {
  const paths = [target];
  for (const ins of copiesOf(stage)) {
    const { flags, rest } = splitFlags(ins.expanded);
    const parts = execForm(rest) ?? rest.split(/\s+/).filter(Boolean);
    if (parts.length < 2) continue;
    const sources = parts.slice(0, -1);
    const rawDest = parts[parts.length - 1]!;
    const dest = resolvePath(ins.workdir, rawDest);
    const destIsDir = rawDest.endsWith('/') || rawDest === '.' || sources.length > 1;
    for (const src of sources) {
      const heredoc = /^<<-?["']?(\w+)/.exec(src);
      if (heredoc) {
        const body = ins.heredocs.find((h) => h.name === heredoc[1]);
        const at = destIsDir ? `${dest.replace(/\/+$/, '')}/${heredoc[1]}` : dest;
        if (body && (target.includes('/') ? at === target : basename(at) === target)) return { paths, origin: { from: 'heredoc', body: body.body, ins } };
        continue;
      }
      const source = sourceFor(target, src, dest, destIsDir);
      if (source === null) continue;
      if (!flags.from) return { paths: [...paths, source], origin: { from: 'context', source, ins } };
      const from = stageNamed(stages, flags.from, stage.index + 1);
      const abs = source.startsWith('/') ? source : `/${source}`;
      if (!from || depth >= MAX_DEPTH) return { paths: [...paths, abs], origin: from ? null : { from: 'image', image: flags.from, source: abs, ins } };
      const deeper = traceFile(abs, from, stages, depth + 1);
      return { paths: [...paths, ...deeper.paths], origin: deeper.origin };
    }
  }
  return { paths, origin: null };
}
