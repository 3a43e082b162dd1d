/**
 * Our Dockerfile reader against the maintained `dockerfile-ast` package, on the same files
 * and through the same shell analysis: precision and recall of the blockers each reader
 * leads to (corpus expectations, or a reviewer's truth file with `--files LIST --truth
 * FILE`), how often the two disagree on an instruction (keyword, line, arguments), and the
 * time to read every file (best of 5, same run).
 *
 * Run: `npm run build && node dist/bench/dockerfile-readers.js`.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { analyzeDockerfileText } from '../probes/shell/dockerfile/analyze';
import { parseDockerfile, type ParsedDockerfile } from '../probes/shell/dockerfile/parse';
import { FINDING_GROUPS } from '../probes/shell/findings';
import { loadShellParser } from '../probes/shell/script/shell-parser';
import { suppressedBy } from '../probes/shell/suppressions';
import { CORPUS, corpusFiles, loadExpectations } from '../test/support/lint-corpus';
import { parseWithDockerfileAst } from './dockerfile-ast-reader';

const CRITICAL = new Set(['shellForm', 'entrypointScript', 'healthcheck']);
type Reader = (text: string) => ParsedDockerfile;
const READERS: [string, Reader][] = [['own reader', parseDockerfile], ['dockerfile-ast', parseWithDockerfileAst]];

function blockers(file: string, text: string, parse: Reader): string[] {
  const { findings } = analyzeDockerfileText({ file, text, contextDir: path.dirname(file), parse });
  return findings.filter((f) => CRITICAL.has(f.kind) && !suppressedBy(f.directives, FINDING_GROUPS[f.kind].check)).map((f) => `${FINDING_GROUPS[f.kind].check}@${f.line}`);
}

function score(files: string[], truth: Record<string, string[]>, parse: Reader): { tp: number; fp: number; fn: number } {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const f of files) {
    const got = new Set(blockers(f, readFileSync(f, 'utf8'), parse));
    const want = new Set(truth[f] ?? []);
    for (const g of got) {
      if (want.has(g)) tp++;
      else fp++;
    }
    for (const w of want) if (!got.has(w)) fn++;
  }
  return { tp, fp, fn };
}

function disagreements(texts: string[]): number {
  let n = 0;
  for (const t of texts) {
    const a = parseDockerfile(t).instructions;
    const b = parseWithDockerfileAst(t).instructions;
    const key = (i: ParsedDockerfile['instructions'][number]): string => `${i.keyword} ${i.line} ${i.args.replace(/\s+/g, ' ')}`;
    const bs = new Set(b.map(key));
    n += a.filter((i) => !bs.has(key(i))).length + Math.max(0, b.length - a.length);
  }
  return n;
}

function best(fn: () => void): number {
  fn();
  let min = Infinity;
  for (let r = 0; r < 5; r++) {
    const t = performance.now();
    fn();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}

async function main(): Promise<void> {
  await loadShellParser();
  const { values } = parseArgs({ options: { files: { type: 'string' }, truth: { type: 'string' } } });
  let files: string[];
  let truth: Record<string, string[]>;
  if (values.files && values.truth) {
    files = readFileSync(values.files, 'utf8').split('\n').filter(Boolean);
    truth = JSON.parse(readFileSync(values.truth, 'utf8')) as Record<string, string[]>;
  } else {
    const e = loadExpectations();
    const rel = corpusFiles().filter((f) => f.startsWith('dockerfiles/'));
    files = rel.map((f) => path.join(CORPUS, f));
    truth = Object.fromEntries(rel.map((f) => [path.join(CORPUS, f), e[f]!.critical]));
  }
  const texts = files.map((f) => readFileSync(f, 'utf8'));
  const big = `${Array.from({ length: 1000 }, (_v, i) => `FROM node:20 AS s${i}\nWORKDIR /app\nCOPY . .\nRUN npm ci && \\\n    npm run build\n`).join('')}FROM gcr.io/distroless/nodejs20-debian12:nonroot\nCMD ["server.js"]\n`;
  console.log(`${files.length} Dockerfiles, ${texts.reduce((n, t) => n + t.length, 0)} bytes; instructions read differently: ${disagreements(texts)}`);
  for (const [name, parse] of READERS) {
    const { tp, fp, fn } = score(files, truth, parse);
    const all = best(() => texts.forEach((t) => parse(t)));
    const one = best(() => parse(big));
    console.log(`${name.padEnd(15)} blockers found ${tp}/${tp + fn}, false alarms ${fp}, precision ${((100 * tp) / Math.max(1, tp + fp)).toFixed(1)} %, recall ${((100 * tp) / Math.max(1, tp + fn)).toFixed(1)} % | read all ${all.toFixed(2)} ms | 5,004-line file ${one.toFixed(2)} ms`);
  }
}

void main();
