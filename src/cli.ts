#!/usr/bin/env node
/**
 * The `distroready` command. Tracing starts before anything else is loaded (so HTTP and
 * Express are instrumented), and each command loads only what it needs. Options come
 * from one list (`commands/command-specs.ts`), as do `help` and `COMMAND --help`.
 */
import { startTracing } from './telemetry/tracing';
startTracing();

import * as path from 'node:path';
import { closest } from './did-you-mean';
import { DistroreadyError, isDistroreadyError } from './errors';
import { commandHelp, COMMANDS, commandSpec, generalHelp, type CommandName, type CommandSpec } from './commands/command-specs';
import { parseCommand, usageError } from './commands/parse-command';

/**
 * Each command is loaded only when run, from the file beside this one: in the bundled
 * `dist/cli.js` that is a bundle of its own (`dist/commands/check.js`), so `check` never
 * reads `serve`'s web server; from tsc's output or the sources, the module itself.
 */
function loadCommand<T>(name: CommandName): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a computed path the bundler leaves alone
  return require(path.join(__dirname, 'commands', name)) as T;
}

/** lint parses its own arguments (the shell audit owns them); a flag it does not know gets the did-you-mean of the others. */
async function lint(spec: CommandSpec, args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(commandHelp(spec));
    return 0;
  }
  try {
    return await loadCommand<typeof import('./commands/lint')>('lint').lintCommand(args);
  } catch (err) {
    if ((err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) throw usageError(spec, err);
    throw err;
  }
}

async function run(spec: CommandSpec & { name: CommandName }, args: string[]): Promise<number> {
  if (spec.name === 'lint') return lint(spec, args);
  const { values, help } = parseCommand(spec, args);
  if (help) {
    process.stdout.write(commandHelp(spec));
    return 0;
  }
  const s = (k: string): string | undefined => values[k] as string | undefined;
  switch (spec.name) {
    case 'serve':
      return loadCommand<typeof import('./commands/serve')>('serve').serveCommand({ config: s('config'), shard: s('shard') });
    case 'check':
      return loadCommand<typeof import('./commands/check')>('check').checkCommand({
        config: s('config'),
        target: values.target as string[] | undefined,
        dockerfile: s('dockerfile'),
        manifests: values.manifests as string[] | undefined,
        probes: s('probes'),
        format: s('format'),
        out: s('out'),
        minScore: s('min-score'),
        shard: s('shard'),
      });
    case 'scrape-config':
      return loadCommand<typeof import('./commands/scrape-config')>('scrape-config').scrapeConfigCommand({
        url: s('url'),
        replicas: s('replicas'),
        shards: s('shards'),
        shard: s('shard'),
        format: s('format'),
        interval: s('interval'),
        timeout: s('timeout'),
        tokenFile: s('token-file'),
        namespace: s('namespace'),
      });
    default:
      throw new DistroreadyError('USAGE', `unknown command "${spec.name}"`);
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command) {
    process.stderr.write(generalHelp());
    return 2;
  }
  if (command === 'help' || command === '--help' || command === '-h') {
    const about = rest[0] ? commandSpec(rest[0]) : undefined;
    if (rest[0] && !about) throw new DistroreadyError('USAGE', `help: no command "${rest[0]}"; the commands are ${COMMANDS.map((c) => c.name).join(', ')}`);
    process.stdout.write(about ? commandHelp(about) : generalHelp());
    return 0;
  }
  if (command === '--version') {
    process.stdout.write(`${(await import('./paths')).packageVersion()}\n`);
    return 0;
  }
  const spec = commandSpec(command);
  if (!spec) {
    const guess = closest(command, COMMANDS.map((c) => c.name));
    throw new DistroreadyError('USAGE', `unknown command "${command}"${guess ? `; did you mean "${guess}"?` : ''}`);
  }
  return run(spec, rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (isDistroreadyError(err)) {
      process.stderr.write(`distroready: ${err.message}\n`);
      if (err.code === 'USAGE' && /^unknown command/.test(err.message)) process.stderr.write(`\n${generalHelp()}`);
    } else {
      process.stderr.write(`distroready: unexpected error: ${(err as Error).stack ?? String(err)}\n`);
      process.exitCode = 3;
      return;
    }
    process.exitCode = 2;
  },
);
