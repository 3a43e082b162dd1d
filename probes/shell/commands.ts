/**
 * What a command line needs at run time. Distroless images have no shell and no coreutils,
 * so anything that names `sh`, `cat` or `curl` as the program to run fails there.
 */
import { readScript } from './script/read-script';
import type { Env } from './script/expand';

/** Programs that are a shell: `sh -c …` and friends. */
export const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh', 'csh', 'tcsh', 'fish', 'busybox', 'pwsh', 'powershell']);

/** Tools a shell-full image ships and a distroless one does not. */
export const SHELL_TOOLS = new Set([
  'cat', 'curl', 'wget', 'nc', 'ncat', 'netcat', 'socat', 'test', '[', 'ls', 'pgrep', 'pidof',
  'ps', 'grep', 'egrep', 'stat', 'find', 'sleep', 'touch', 'echo', 'printf', 'kill', 'true', 'false', 'env', 'timeout',
  'redis-cli', 'pg_isready', 'mysqladmin', 'mysql', 'mongo', 'mongosh', 'nslookup', 'dig', 'ping', 'sed', 'awk', 'head',
  'tail', 'tee', 'rm', 'mkdir', 'cp', 'mv', 'chmod', 'chown', 'date', 'openssl', 'jq', 'apt-get', 'apk', 'yum', 'dnf',
  // Package-manager launchers run their scripts through `sh -c`, and distroless Node has no npm.
  'npm', 'npx', 'yarn', 'pnpm',
]);

/**
 * Static binaries an image ships on purpose to probe itself: they need no shell, so a
 * distroless image that copies them in runs them (a native probe is still simpler).
 */
export const PROBE_BINARIES = new Set(['grpc_health_probe']);

/**
 * Names that docker-library images and many projects give to shell scripts without a
 * `.sh` suffix. Used only when a file copied from the build context cannot be read.
 */
export const SCRIPT_NAMES = /^(docker-entrypoint|docker-healthcheck|docker-start|entrypoint|healthcheck|start|run|wait-for-it|wait-for)$/;

/** Init wrappers that exec their arguments; what they run is what matters. */
const WRAPPERS = new Set(['tini', 'dumb-init', 'catatonit', 'gosu', 'su-exec', 'setpriv']);

export type CommandKind = 'shell' | 'tool' | 'script' | 'binary';

export interface CommandInfo {
  kind: CommandKind;
  /** The program that decides the kind (`sh`, `curl`, `entrypoint.sh`, `node`). */
  program: string;
  /** The argv after wrappers were skipped. */
  argv: string[];
  /** For `sh -c SCRIPT`: the script. */
  script: string | null;
}

export function basename(p: string): string {
  const i = p.lastIndexOf('/');
  return i === -1 ? p : p.slice(i + 1);
}

/** Skips `tini --`, `dumb-init`, `gosu user` so `tini -- sh -c x` reads as a shell. */
function unwrap(argv: string[]): string[] {
  let rest = argv;
  for (let guard = 0; guard < 4 && rest.length > 0 && WRAPPERS.has(basename(rest[0]!)); guard++) {
    const name = basename(rest[0]!);
    rest = rest.slice(1);
    if (name === 'gosu' || name === 'su-exec') rest = rest.slice(1);
    while (rest.length > 0 && rest[0]!.startsWith('-')) {
      const flag = rest.shift()!;
      if (flag === '--') break;
    }
  }
  return rest;
}

/** Classifies an exec-form argv. An empty argv is a binary with no name (nothing to run). */
export function classifyArgv(argvIn: readonly string[]): CommandInfo {
  const argv = unwrap(argvIn.map(String));
  const program = basename(argv[0] ?? '');
  if (SHELLS.has(program)) {
    const c = argv.findIndex((a, i) => i > 0 && /^-\w*c\w*$/.test(a));
    return { kind: 'shell', program, argv, script: c > 0 ? (argv[c + 1] ?? '') : null };
  }
  if (SHELL_TOOLS.has(program)) return { kind: 'tool', program, argv, script: null };
  if (/\.(sh|bash)$/.test(program)) return { kind: 'script', program, argv, script: null };
  return { kind: 'binary', program, argv, script: null };
}

/** The tools and shells a shell script calls, read with the shell parser. */
export function toolsInScript(script: string, env?: Env): string[] {
  const found = new Set<string>();
  for (const c of readScript(script, env).commands) {
    const name = basename(c.name);
    if (SHELL_TOOLS.has(name) || SHELLS.has(name)) found.add(name);
  }
  return [...found];
}

/** `sleep 10` (alone, possibly inside `sh -c`) → 10; anything else → null. */
export function sleepSeconds(info: CommandInfo): number | null {
  const words = info.kind === 'shell' && info.script !== null ? readScript(info.script).plain : info.argv;
  if (!words || words.length !== 2 || basename(words[0]!) !== 'sleep') return null;
  const m = /^(\d+)s?$/.exec(words[1]!);
  return m ? Number(m[1]) : null;
}

/**
 * A shell script that is one plain command, with output redirection at most, as an argv:
 * `exec node server.js >> /var/log/a.log 2>&1` → `[node, server.js]`. `null` when the
 * script uses anything that needs a shell (pipes, unknown variables, globs, `&&`).
 */
export function plainCommand(script: string, env?: Env): string[] | null {
  return readScript(script, env).plain;
}

/** A command line for evidence: argv joined, clipped so a hostile manifest cannot flood a report. */
export function showArgv(argv: readonly unknown[]): string {
  const text = argv.map((a) => (typeof a === 'string' && /^[\w./:=@%+,-]+$/.test(a) ? a : JSON.stringify(a))).join(' ');
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
