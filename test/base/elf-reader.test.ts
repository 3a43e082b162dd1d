/**
 * The bounded ELF reader on real binaries, against what `readelf -d` / `ldd` say, and on
 * hostile files: truncated, malformed offsets, huge counts, not ELF, a FIFO. Every case
 * counts the bytes it read: a 100 MB binary costs a few KiB.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DEFAULT_FILE_BUDGET } from '../../probes/base/elf/bounded-file';
import { readElf } from '../../probes/base/elf/read-elf';
import { recommend } from '../../probes/base/recommend/choose';
import { requireBinary } from '../support/binaries';
import { buildStaticServer } from '../support/base';

// Written first, from `readelf -d` and `ldd` on Debian 12 (bookworm) amd64:
//   nginx                     NEEDED libcrypt.so.1 libpcre2-8.so.0 libssl.so.3 libcrypto.so.3 libz.so.1 libc.so.6
//   redis-server              NEEDED libatomic.so.1 liblzf.so.1 libjemalloc.so.2 libm.so.6 libsystemd.so.0 libssl.so.3 libcrypto.so.3 libc.so.6
//   prometheus-node-exporter  NEEDED libc.so.6 (Debian builds it with cgo; a Go note)
//   python3.11                NEEDED libm.so.6 libz.so.1 libexpat.so.1 libc.so.6
//   every one: PT_INTERP /lib64/ld-linux-x86-64.so.2
const DEBIAN: [string, string, string[], boolean][] = [
  ['nginx', '/usr/sbin/nginx', ['libcrypt.so.1', 'libpcre2-8.so.0', 'libssl.so.3', 'libcrypto.so.3', 'libz.so.1', 'libc.so.6'], false],
  ['redis-server', '/usr/bin/redis-server', ['libatomic.so.1', 'liblzf.so.1', 'libjemalloc.so.2', 'libm.so.6', 'libsystemd.so.0', 'libssl.so.3', 'libcrypto.so.3', 'libc.so.6'], false],
  ['prometheus-node-exporter', '/usr/bin/prometheus-node-exporter', ['libc.so.6'], true],
];

describe('readElf on real binaries', () => {
  it.each(DEBIAN)('%s: interpreter, DT_NEEDED and the Go note, in a few KiB', (name, file, needed, go) => {
    if (!requireBinary(name)) return;
    const elf = readElf(file);
    if (!elf.ok) throw new Error(elf.error);
    expect(elf.value).toMatchObject({ bits: 64, machine: 'x86_64', interpreter: '/lib64/ld-linux-x86-64.so.2', libc: 'glibc', needed, go });
    expect(elf.value.bytesRead).toBeLessThan(16 * 1024);
  });

  it('python3.11 needs libm, libz, libexpat and libc', () => {
    const elf = readElf('/usr/bin/python3.11');
    if (!elf.ok) throw new Error(elf.error);
    expect(elf.value.needed).toEqual(['libm.so.6', 'libz.so.1', 'libexpat.so.1', 'libc.so.6']);
  });

  it('node: the same DT_NEEDED names as ldd, read from a binary of ~100 MB with under 64 KiB', () => {
    const elf = readElf(process.execPath);
    if (!elf.ok) throw new Error(elf.error);
    const fromReadelf = execFileSync('readelf', ['-d', process.execPath], { encoding: 'utf8' })
      .split('\n').map((l) => /\(NEEDED\)\s+Shared library: \[(.+)\]/.exec(l)?.[1]).filter((x): x is string => !!x);
    expect(elf.value.needed).toEqual(fromReadelf);
    expect(elf.value.bytesRead).toBeLessThan(64 * 1024);
  });

  it('a gcc -static program: no interpreter, no DT_NEEDED', () => {
    const bin = buildStaticServer();
    if (!bin) return;
    const elf = readElf(bin);
    if (!elf.ok) throw new Error(elf.error);
    expect(elf.value).toMatchObject({ interpreter: null, needed: [], libc: 'static', go: false });
  });

  it('a shared library: its DT_SONAME', () => {
    const elf = readElf('/lib/x86_64-linux-gnu/libz.so.1');
    if (!elf.ok) throw new Error(elf.error);
    expect(elf.value).toMatchObject({ soname: 'libz.so.1', needed: ['libc.so.6'], interpreter: null });
  });
});

describe('readElf on hostile files: an error value with the reason, never a throw', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'distroready-elf-'));
  const nginx = readFileSync('/usr/sbin/nginx');
  const write = (name: string, bytes: Buffer): string => {
    const file = path.join(dir, name);
    writeFileSync(file, bytes);
    return file;
  };
  const patched = (edit: (b: Buffer) => void): Buffer => {
    const b = Buffer.from(nginx.subarray(0, 64 * 1024));
    edit(b);
    return b;
  };

  it.each([
    ['empty', Buffer.alloc(0), /not an ELF file/],
    ['not ELF', Buffer.from('#!/bin/sh\necho hi\n'), /not an ELF file/],
    ['truncated after the identification', nginx.subarray(0, 20), /truncated: ELF header/],
    ['truncated in the program headers', nginx.subarray(0, 200), /truncated: program headers/],
    ['truncated before the dynamic section', nginx.subarray(0, 4096), /truncated: (dynamic section|interpreter)/],
    ['a bad class byte', patched((b) => (b[4] = 7)), /class 7/],
    ['a bad data byte', patched((b) => (b[5] = 9)), /data encoding 9/],
    ['a program header offset past the end', patched((b) => b.writeBigUInt64LE(0xffffffffn, 32)), /truncated: program headers/],
    ['an offset beyond 2^53', patched((b) => b.writeBigUInt64LE(0xffffffffffffffffn, 32)), /does not fit/],
    ['65535 program headers', patched((b) => b.writeUInt16LE(0xffff, 56)), /65535 program headers/],
    ['tiny program header entries', patched((b) => b.writeUInt16LE(8, 54)), /entries are 8 bytes/],
  ])('%s', (name, bytes, reason) => {
    const result = readElf(write(name.replace(/\W+/g, '-'), bytes));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(reason);
  });

  it('a huge PT_DYNAMIC size or a string table nowhere is refused within the byte budget', () => {
    // Find nginx's PT_DYNAMIC entry and give it a 1 GiB size.
    const b = patched(() => undefined);
    const phoff = Number(b.readBigUInt64LE(32));
    const phnum = b.readUInt16LE(56);
    for (let i = 0; i < phnum; i++) if (b.readUInt32LE(phoff + i * 56) === 2) b.writeBigUInt64LE(1n << 30n, phoff + i * 56 + 32);
    const result = readElf(write('huge-dynamic', b));
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/dynamic section of 1073741824 bytes/) });
  });

  it('a FIFO named like a library is refused without blocking', () => {
    const fifo = path.join(dir, 'libfifo.so.1');
    execFileSync('mkfifo', [fifo]);
    expect(readElf(fifo)).toEqual({ ok: false, error: expect.stringMatching(/not a regular file/) });
  });

  it('a missing file says so', () => {
    expect(readElf(path.join(dir, 'nope'))).toEqual({ ok: false, error: expect.stringMatching(/ENOENT/) });
  });

  it('never reads more than its budget', () => {
    expect(DEFAULT_FILE_BUDGET).toBe(256 * 1024);
    const tight = readElf('/usr/sbin/nginx', 1024);
    expect(tight).toEqual({ ok: false, error: expect.stringMatching(/budget/) });
  });
});

describe('a musl program', () => {
  it('is recognised by its interpreter, and has no glibc distroless home', () => {
    // No musl toolchain here: a real nginx with its PT_INTERP rewritten to musl's loader (same length budget).
    const b = Buffer.from(readFileSync('/usr/sbin/nginx'));
    const glibc = Buffer.from('/lib64/ld-linux-x86-64.so.2\0');
    const at = b.indexOf(glibc);
    expect(at).toBeGreaterThan(0);
    Buffer.from('/lib/ld-musl-x86_64.so.1\0\0\0\0').copy(b, at);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'distroready-musl-')), 'nginx-musl');
    writeFileSync(file, b);
    const elf = readElf(file);
    if (!elf.ok) throw new Error(elf.error);
    expect(elf.value).toMatchObject({ interpreter: '/lib/ld-musl-x86_64.so.1', libc: 'musl' });
    const rec = recommend({ elf: elf.value, multiarch: 'x86_64-linux-gnu', runtime: null, libraries: [], unresolved: [] });
    expect(rec).toMatchObject({ variant: null, image: null, copy: [] });
    expect(rec.reasons.join('\n')).toMatch(/musl \(Alpine\): no glibc distroless image runs it/);
  });
});
