/**
 * Libraries found the way ld.so finds them (RPATH/$ORIGIN, LD_LIBRARY_PATH, RUNPATH,
 * /etc/ld.so.cache, multiarch dirs), checked against `ldd` on the same binaries: the same
 * names, resolving to the same files.
 */
import { realpathSync } from 'node:fs';
import { neededClosure } from '../../probes/base/libs/closure';
import { parseLdCache, readLdCache } from '../../probes/base/libs/ld-cache';
import { readElf } from '../../probes/base/elf/read-elf';
import { findBinary } from '../support/binaries';
import { lddOf } from '../support/base';

function closureOf(file: string) {
  const elf = readElf(file);
  if (!elf.ok) throw new Error(elf.error);
  const cache = readLdCache();
  if (!cache.ok) throw new Error(cache.error);
  return neededClosure(file, elf.value, { bits: elf.value.bits, machineId: elf.value.machineId, cache: cache.value, exePath: file, exeRpath: elf.value.rpath, ldLibraryPath: [] });
}

// ldd on Debian 12: redis-server pulls libstdc++ and libgcc_s through libjemalloc, and
// libcap, libgcrypt, liblzma, libzstd, liblz4, libgpg-error through libsystemd.
const BINARIES = ['/usr/sbin/nginx', '/usr/bin/redis-server', '/usr/bin/prometheus-node-exporter', '/usr/bin/python3.11', process.execPath, '/usr/lib/jvm/java-17-openjdk-amd64/bin/java']
  .filter((b) => findBinary(b) !== null);

describe('neededClosure agrees with ldd', () => {
  it.each(BINARIES)('%s', (bin) => {
    const ldd = lddOf(bin);
    const ours = closureOf(bin);
    expect(ours.unresolved).toEqual([]);
    expect(ours.errors).toEqual([]);
    const names = ours.libraries.map((l) => l.name).filter((n) => !/^ld-linux/.test(n));
    expect(new Set(names)).toEqual(new Set(ldd.keys()));
    for (const l of ours.libraries) if (ldd.has(l.name)) expect(l.realPath).toBe(realpathSync(ldd.get(l.name)!));
    // Each library costs a few KiB of reads, never the whole file.
    expect(ours.bytesRead).toBeLessThan(ours.libraries.length * 16 * 1024);
  });

  it('redis-server reaches libstdc++ through libjemalloc', () => {
    if (!findBinary('/usr/bin/redis-server')) return;
    const lib = closureOf('/usr/bin/redis-server').libraries.find((l) => l.name === 'libstdc++.so.6');
    expect(lib?.neededBy).toBe('libjemalloc.so.2');
  });

  it('java finds libjli.so through its DT_RPATH $ORIGIN/../lib', () => {
    const java = '/usr/lib/jvm/java-17-openjdk-amd64/bin/java';
    if (!findBinary(java)) return;
    const jli = closureOf(java).libraries.find((l) => l.name === 'libjli.so');
    expect(jli).toMatchObject({ via: 'rpath', path: '/usr/lib/jvm/java-17-openjdk-amd64/lib/libjli.so' });
  });
});

describe('ld.so.cache', () => {
  it('reads this system\'s cache', () => {
    const cache = readLdCache();
    if (!cache.ok) throw new Error(cache.error);
    expect(cache.value.entries).toBeGreaterThan(10);
    expect(cache.value.lookup('libc.so.6').map((e) => e.path)).toContain('/lib/x86_64-linux-gnu/libc.so.6');
  });

  it.each([
    ['not a cache', Buffer.from('hello')],
    ['a header claiming a million entries', Buffer.concat([Buffer.from('glibc-ld.so.cache1.1'), Buffer.from([0x40, 0x42, 0x0f, 0]), Buffer.alloc(24)])],
  ])('%s is an error value', (_name, bytes) => {
    expect(parseLdCache(bytes).ok).toBe(false);
  });

  it('an entry pointing outside the file is an error value', () => {
    const b = Buffer.alloc(48 + 24);
    b.write('glibc-ld.so.cache1.1', 0, 'latin1');
    b.writeUInt32LE(1, 20);
    b.writeInt32LE(0x303, 48);
    b.writeUInt32LE(100000, 52);
    expect(parseLdCache(b)).toEqual({ ok: false, error: expect.stringMatching(/outside the file/) });
  });
});
