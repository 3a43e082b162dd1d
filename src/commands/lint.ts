/**
 * `distroready lint FILE|DIR... [--format text|json|sarif]`: static shell-dependence
 * analysis of Dockerfiles and Kubernetes manifests. Exit 1 when any finding is critical (it would
 * break on a distroless image), 0 otherwise, 2 for usage errors.
 */
import { parseArgs } from 'node:util';
import { DistroreadyError } from '../errors';
import { formatLintJson, formatLintText } from '../lint/format-lint';
import { exitCodeFor, lintFiles } from '../lint/lint-files';
import { renderSarif } from '../report/sarif';

export const LINT_FORMATS = ['text', 'json', 'sarif'] as const;
export type LintFormat = (typeof LINT_FORMATS)[number];

/** Runs the command and returns its output and exit code; `lintCommand` writes them. */
export function runLint(args: string[]): { output: string; code: number } {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, strict: true, options: { format: { type: 'string', short: 'f' } } });
  const format = (values.format ?? 'text') as LintFormat;
  if (!LINT_FORMATS.includes(format)) throw new DistroreadyError('USAGE', `lint: --format must be one of ${LINT_FORMATS.join(', ')}, not "${format}"`);
  const result = lintFiles(positionals);
  const output = format === 'json' ? formatLintJson(result) : format === 'sarif' ? renderSarif(result.report) : formatLintText(result);
  return { output, code: exitCodeFor(result) };
}

export function lintCommand(args: string[]): Promise<number> {
  const { output, code } = runLint(args);
  process.stdout.write(output);
  return Promise.resolve(code);
}
