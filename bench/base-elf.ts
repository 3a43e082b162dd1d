/**
 * The base probe's library walk against the obvious way, in the same run: for each real
 * binary, `neededClosure` (bounded ELF reads, ld.so.cache lookup, multiarch directories)
 * against spawning `ldd` on it, which is what the source article tells people to run and
 * what the probe must agree with (test/base/library-resolution.test.ts checks it does).
 * Also the bytes the ELF walk reads against the size of the files it reads them from.
 *
 * Run: `npm run bench:base`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { neededClosure } from '../probes/base/libs/closure';
import { readLdCache } from '../probes/base/libs/ld-cache';
import { readElf } from '../probes/base/elf/read-elf';

const ROUNDS = 20;
const BINARIES = ['/usr/sbin/nginx', '/usr/bin/redis-server', '/usr/bin/prometheus-node-exporter', '/usr/bin/python3.11', process.execPath].filter((b) => existsSync(b));

/** Median of `ROUNDS` after one warm-up, in milliseconds. */
function median(fn: () => unknown): number {
  fn();
  const times: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

function walk(bin: string) {
  const elf = readElf(bin);
  if (!elf.ok) throw new Error(elf.error);
  const cache = readLdCache();
  return neededClosure(bin, elf.value, { bits: elf.value.bits, machineId: elf.value.machineId, cache: cache.ok ? cache.value : null, exePath: bin, exeRpath: elf.value.rpath, ldLibraryPath: [] });
}

process.stdout.write(`binary | libraries | ldd (spawn) ms | ELF walk ms | ratio ldd/walk | bytes read | bytes of the files\n`);
for (const bin of BINARIES) {
  const closure = walk(bin);
  const size = statSync(bin).size + closure.libraries.reduce((n, l) => n + statSync(l.realPath).size, 0);
  const read = (readElf(bin).ok ? (readElf(bin) as { value: { bytesRead: number } }).value.bytesRead : 0) + closure.bytesRead;
  const ldd = median(() => execFileSync('ldd', [bin], { encoding: 'utf8' }));
  const ours = median(() => walk(bin));
  process.stdout.write(`${bin} | ${closure.libraries.length} | ${ldd.toFixed(2)} | ${ours.toFixed(2)} | ${(ldd / ours).toFixed(1)}x | ${read} | ${size}\n`);
}
