/**
 * `distroready lint FILE|DIR... [--format text|json|sarif] [--emit-patches DIR]`: static
 * shell-dependence analysis of Dockerfiles, Kubernetes manifests and Compose files. Exit 1
 * when any finding is critical (it would break on a distroless image), 0 otherwise, 2 for
 * usage errors.
 */
import { parseArgs } from 'node:util';
import { DistroreadyError } from '../errors';
import { emitPatches } from '../lint/emit-patches';
import { formatLintJson, formatLintText } from '../lint/format-lint';
import { exitCodeFor, lintFiles } from '../lint/lint-files';
import { renderSarif } from '../report/sarif';

export const LINT_FORMATS = ['text', 'json', 'sarif'] as const;
export type LintFormat = (typeof LINT_FORMATS)[number];

/** Runs the command and returns its output and exit code; `lintCommand` writes them. */
export async function runLint(args: string[]): Promise<{ output: string; code: number; notes: string[] }> {
  const { values, positionals } = parseArgs({
    args, allowPositionals: true, strict: true,
    options: { format: { type: 'string', short: 'f' }, 'emit-patches': { type: 'string' } },
  });
  const format = (values.format ?? 'text') as LintFormat;
  if (!LINT_FORMATS.includes(format)) throw new DistroreadyError('USAGE', `lint: --format must be one of ${LINT_FORMATS.join(', ')}, not "${format}"`);
  if (values['emit-patches'] === '') throw new DistroreadyError('USAGE', 'lint: --emit-patches needs a directory');
  const result = await lintFiles(positionals);
  const output = format === 'json' ? formatLintJson(result) : format === 'sarif' ? renderSarif(result.report) : formatLintText(result);
  const notes: string[] = [];
  if (values['emit-patches']) {
    const { files } = emitPatches(result, values['emit-patches']);
    notes.push(`wrote ${files.length} file(s) to ${values['emit-patches']}`);
  }
  return { output, code: exitCodeFor(result), notes };
}

export async function lintCommand(args: string[]): Promise<number> {
  const { output, code, notes } = await runLint(args);
  process.stdout.write(output);
  // On stderr, so stdout stays the report (JSON and SARIF are piped into tools).
  for (const n of notes) process.stderr.write(`${n}\n`);
  return code;
}
