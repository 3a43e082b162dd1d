/**
 * The lint corpus (`test/fixtures/lint-corpus/`) and its expectations, scored the same
 * way by the test that holds lint to them and by `bench/lint-corpus.ts`, which prints
 * precision and recall of the critical findings.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { kindOf, lintFiles, type LintResult } from '../../src/lint/lint-files';
import { PACKAGE_ROOT } from '../../src/paths';

export const CORPUS = path.join(PACKAGE_ROOT, 'test', 'fixtures', 'lint-corpus');

export interface FileExpectation {
  critical: string[];
  also?: string[];
  absent?: string[];
  suppressed?: string[];
  knownMiss?: string[];
  knownFalse?: string[];
  patchContains?: string[];
  evidenceContains?: string[];
  oneFinding?: boolean;
  noFindings?: boolean;
  note?: string;
}

export function loadExpectations(): Record<string, FileExpectation> {
  return (parse(readFileSync(path.join(CORPUS, 'expectations.yaml'), 'utf8')) as { files: Record<string, FileExpectation> }).files;
}

/** Every file of the corpus lint reads (Dockerfiles, YAML, JSON), relative to the corpus. */
export function corpusFiles(dir = CORPUS): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...corpusFiles(full));
    else if (name !== 'expectations.yaml' && (kindOf(name) === 'dockerfile' || /\.(ya?ml|json)$/.test(name))) out.push(path.relative(CORPUS, full));
  }
  return out;
}

/** `check@line` of every finding of one file, by severity. */
export function findingsOf(result: LintResult, file: string, severity?: string): string[] {
  return result.findings.filter((f) => f.file === file && (!severity || f.severity === severity)).map((f) => `${f.checkId}@${f.line}`).sort();
}

export interface Score {
  truePositives: number;
  falsePositives: string[];
  falseNegatives: string[];
  precision: number;
  recall: number;
}

/** Precision and recall of lint's critical findings against the `critical` truth. */
export function scoreCritical(result: LintResult, expectations: Record<string, FileExpectation>, rel: (f: string) => string): Score {
  let tp = 0;
  const fp: string[] = [];
  const fn: string[] = [];
  for (const [file, e] of Object.entries(expectations)) {
    const got = new Set(findingsOf(result, rel(file), 'critical'));
    for (const t of e.critical) {
      if (got.delete(t)) tp++;
      else fn.push(`${file} ${t}`);
    }
    for (const g of got) fp.push(`${file} ${g}`);
  }
  return { truePositives: tp, falsePositives: fp, falseNegatives: fn, precision: tp / Math.max(1, tp + fp.length), recall: tp / Math.max(1, tp + fn.length) };
}

export async function lintCorpus(): Promise<{ result: LintResult; rel: (f: string) => string }> {
  const rel = (f: string): string => path.relative(process.cwd(), path.join(CORPUS, f));
  return { result: await lintFiles(corpusFiles().map(rel)), rel };
}
