/**
 * Which OS packages a Dockerfile leaves in its final image. Read from the RUN scripts with
 * the shell parser, in order: `apk add` (and `--virtual` groups), `apt-get install`, `yum`/
 * `dnf`/`microdnf`/`zypper install`, and what later removes them: `apk del`, `apt-get purge`
 * or `remove`, and the docker-library `savedAptMark` idiom (`apt-mark auto '.*'` then
 * `apt-get purge --auto-remove` removes everything the RUN installed but what it marks
 * manual again). A virtual group name (`.build-deps`) is never reported as a package.
 */
import { basename } from '../commands';
import { readScript, type ScriptCommand } from '../script/read-script';
import type { StageInstruction } from './stages';

export interface Installed {
  /** Packages still installed at the end of the build, in install order. */
  packages: string[];
  manager: string;
  ins: StageInstruction;
}

const APT = new Set(['apt-get', 'apt', 'aptitude']);
const RPM = new Set(['yum', 'dnf', 'microdnf', 'tdnf', 'zypper']);
/** Options that take a value as the next word. */
const VALUE_OPTS = new Set(['-o', '-t', '-c', '--option', '--target-release', '--virtual', '-X', '--repository', '-p', '--root', '--arch', '--keys-dir', '--cache-dir', '--setopt', '--enablerepo', '--disablerepo', '-x', '--exclude', '--installroot', '--releasever']);

interface Op {
  verb: 'install' | 'remove' | 'automark' | 'manual' | 'autoremove';
  manager: string;
  words: string[];
  virtual: string | null;
  autoRemove: boolean;
}

function operands(argv: string[]): { words: string[]; virtual: string | null; flags: Set<string> } {
  const words: string[] = [];
  const flags = new Set<string>();
  let virtual: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('-')) {
      const [flag, value] = a.split('=', 2) as [string, string | undefined];
      flags.add(flag);
      const v = value ?? (VALUE_OPTS.has(flag) ? argv[++i] : undefined);
      if ((flag === '--virtual' || flag === '-t') && v) virtual = v;
    } else words.push(a.replace(/[=<>].*$/, ''));
  }
  return { words: words.filter(Boolean), virtual, flags };
}

function opOf(c: ScriptCommand): Op | null {
  const manager = basename(c.name);
  const verbAt = c.argv.findIndex((a, i) => i > 0 && !a.startsWith('-') && !VALUE_OPTS.has(c.argv[i - 1]!));
  if (verbAt < 0) return null;
  const verb = c.argv[verbAt]!;
  const { words, virtual, flags } = operands([...c.argv.slice(1, verbAt), ...c.argv.slice(verbAt + 1)]);
  const autoRemove = flags.has('--auto-remove') || flags.has('--autoremove');
  const op = (v: Op['verb']): Op => ({ verb: v, manager, words, virtual, autoRemove });
  if (manager === 'apk') return verb === 'add' ? op('install') : verb === 'del' ? op('remove') : null;
  if (manager === 'apt-mark') return verb === 'auto' ? op('automark') : verb === 'manual' ? op('manual') : null;
  if (APT.has(manager)) {
    if (verb === 'install') return op('install');
    if (verb === 'purge' || verb === 'remove') return op('remove');
    return verb === 'autoremove' ? op('autoremove') : null;
  }
  if (RPM.has(manager)) return ['install', 'in'].includes(verb) ? op('install') : ['remove', 'erase', 'rm'].includes(verb) ? op('remove') : null;
  return null;
}

/** What each RUN of the final image installed and nothing removed again. */
export function installedPackages(runs: StageInstruction[]): Installed[] {
  const live = new Map<string, { manager: string; ins: StageInstruction }>();
  const groups = new Map<string, string[]>();
  for (const ins of runs) {
    const script = [ins.args, ...ins.heredocs.map((h) => h.body)].join('\n');
    const ops = readScript(script, ins.vars ?? undefined).commands.map(opOf).filter((o): o is Op => o !== null);
    const mine: string[] = [];
    let automarked = false;
    const keep = new Set<string>();
    for (const op of ops) {
      if (op.verb === 'install') {
        for (const p of op.words) live.set(p, { manager: op.manager, ins });
        mine.push(...op.words);
        if (op.virtual) groups.set(op.virtual, op.words);
      } else if (op.verb === 'remove') {
        for (const w of op.words) for (const p of groups.get(w) ?? [w]) live.delete(p);
        if (op.autoRemove && automarked) for (const p of mine) if (!keep.has(p)) live.delete(p);
      } else if (op.verb === 'automark') automarked = true;
      else if (op.verb === 'manual') for (const w of op.words) keep.add(w);
      else if (op.verb === 'autoremove' && automarked) for (const p of mine) if (!keep.has(p)) live.delete(p);
    }
  }
  const byRun = new Map<StageInstruction, Installed>();
  for (const [pkg, { manager, ins }] of live) {
    // A package list computed at build time (`$runDeps` from scanelf) is libraries the binary needs, not tools.
    if (pkg.includes('$')) continue;
    const entry = byRun.get(ins) ?? { packages: [], manager, ins };
    entry.packages.push(pkg);
    byRun.set(ins, entry);
  }
  return [...byRun.values()].sort((a, b) => a.ins.line - b.ins.line);
}
