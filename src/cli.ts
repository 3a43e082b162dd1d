#!/usr/bin/env node
/**
 * The `distroready` command. Tracing starts before anything else is loaded (so HTTP and
 * Express are instrumented), and each command loads only what it needs.
 */
import { startTracing } from './telemetry/tracing';
startTracing();

import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { PROBE_IDS } from '../probes/ids';
import { DistroreadyError, isDistroreadyError } from './errors';

/**
 * Each command is loaded only when run, from the file beside this one: in the bundled
 * `dist/cli.js` that is a bundle of its own (`dist/commands/check.js`), so `check` never
 * reads `serve`'s web server; from tsc's output or the sources, the module itself.
 */
function loadCommand<T>(name: 'serve' | 'check' | 'lint'): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a computed path the bundler leaves alone
  return require(path.join(__dirname, 'commands', name)) as T;
}

const USAGE = `Usage:
  distroready serve [--config FILE]
  distroready check [--config FILE] [--target URL ...] [--probes ${PROBE_IDS.join(',')}]
                    [--format text|json|html|md|junit|sarif] [--out FILE] [--min-score N]
  distroready lint [--format text|json|sarif] FILE...

Config: --config, else $DISTROREADY_CONFIG, else the bundled config/distroready.yaml.
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  if (command === '--version') {
    process.stdout.write(`${(await import('./paths')).packageVersion()}\n`);
    return 0;
  }
  switch (command) {
    case 'serve': {
      const { values } = parseArgs({ args: rest, options: { config: { type: 'string' } }, strict: true });
      return loadCommand<typeof import('./commands/serve')>('serve').serveCommand(values);
    }
    case 'check': {
      const { values } = parseArgs({
        args: rest,
        strict: true,
        options: {
          config: { type: 'string' },
          target: { type: 'string', multiple: true },
          probes: { type: 'string' },
          format: { type: 'string' },
          out: { type: 'string' },
          'min-score': { type: 'string' },
        },
      });
      return loadCommand<typeof import('./commands/check')>('check').checkCommand({ ...values, minScore: values['min-score'] });
    }
    case 'lint': {
      return loadCommand<typeof import('./commands/lint')>('lint').lintCommand(rest);
    }
    default:
      throw new DistroreadyError('USAGE', `unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (isDistroreadyError(err)) {
      process.stderr.write(`distroready: ${err.message}\n`);
      if (err.code === 'USAGE') process.stderr.write(`\n${USAGE}`);
    } else if ((err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`distroready: ${(err as Error).message}\n\n${USAGE}`);
    } else {
      process.stderr.write(`distroready: unexpected error: ${(err as Error).stack ?? String(err)}\n`);
      process.exitCode = 3;
      return;
    }
    process.exitCode = 2;
  },
);
