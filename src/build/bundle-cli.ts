/**
 * Build step (`npm run build`, after tsc): bundles the CLI into `dist/cli.js`, the file
 * `bin` points at, each command into `dist/commands/<name>.js`, and the report worker into
 * `dist/render-worker.js`. A `check`
 * used to spend a third of its CPU resolving and compiling ~400 module files before its
 * first request; one file, read once, starts in a fraction of that. `node dist/src/cli.js`
 * (tsc's output) keeps working and behaves the same.
 *
 * Kept out of the bundle: native code (better-sqlite3), the OpenTelemetry SDK (loaded only
 * when tracing is configured), packages that load files by computed paths, and ajv (needed
 * only when something was not compiled at build time).
 */
import * as path from 'node:path';
import { build } from 'esbuild';
import { COMMANDS } from '../commands/command-specs';
import { PACKAGE_ROOT } from '../paths';

const EXTERNAL = [
  'better-sqlite3',
  '@opentelemetry/sdk-node',
  '@opentelemetry/instrumentation-http',
  '@opentelemetry/instrumentation-express',
  '@opentelemetry/instrumentation-pino',
  '@opentelemetry/exporter-trace-otlp-proto',
  '@grpc/grpc-js',
  'protobufjs',
  // pino's transports start thread-stream workers from files located at run time (unused here).
  'thread-stream',
  // ajv compiles only what the build did not (an edited check); the API's request
  // validators load it at serve's start. A quarter of check's bundle, read for nothing.
  'ajv',
  // The shell parser's WebAssembly runtime finds its .wasm files through import.meta.url
  // and require.resolve, which a CommonJS bundle does not have: bundled, lint and the
  // shell probe failed on every file. Loaded from node_modules instead.
  'web-tree-sitter',
  'tree-sitter-bash',
];

async function main(): Promise<void> {
  const result = await build({
    absWorkingDir: PACKAGE_ROOT,
    // The dispatcher, one bundle per command (loaded by a computed path, see cli.ts), the report worker.
    entryPoints: {
      cli: 'src/cli.ts',
      ...Object.fromEntries(COMMANDS.map((c) => [`commands/${c.name}`, `src/commands/${c.name}.ts`])),
      'render-worker': 'src/report/render-worker.ts',
    },
    outdir: path.join(PACKAGE_ROOT, 'dist'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // ES module builds where a package has one, so unused exports (most of the semantic
    // conventions, say) are left out.
    mainFields: ['module', 'main'],
    external: EXTERNAL,
    sourcemap: true,
    // Names stay readable in stack traces and profiles.
    minify: false,
    logLevel: 'warning',
    metafile: true,
  });
  const outputs = Object.entries(result.metafile.outputs).filter(([file]) => file.endsWith('.js'));
  process.stdout.write(`bundled ${outputs.map(([file, o]) => `${path.basename(file)} (${(o.bytes / 1e6).toFixed(1)} MB)`).join(', ')}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
