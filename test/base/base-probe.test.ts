/**
 * The base probe on six real workloads, each started on a loopback port the way a `run`
 * workload is and read by its pid. The expected answer is written first, from `ldd`:
 *
 *   workload                         ldd says                                          → variant, COPY
 *   gcc -static C server             "not a dynamic executable"                        → static, none
 *   prometheus-node-exporter         libc.so.6 only (Debian builds it with cgo)        → base-nossl, none
 *   nginx                            libcrypt, libpcre2-8, libssl, libcrypto, libz, libc → base + libcrypt.so.1, libpcre2-8.so.0, libz.so.1
 *   redis-server                     libssl/libcrypto; libstdc++, libgcc_s via libjemalloc; libatomic, liblzf,
 *                                    libjemalloc, libsystemd (+ libcap, libgcrypt, liblzma, libzstd, liblz4,
 *                                    libgpg-error through it)                          → cc + those 10
 *   python3 -m http.server           python3.11                                        → python3 (3.11), none
 *   node                             node (its own libraries come with the image)      → nodejs<major>, none
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { baseProbe } from '../../probes/base';
import type { BaseFacts } from '../../probes/base/facts-schema';
import { launchProcess, type Launched } from '../../src/targets/launch-process';
import type { Target } from '../../src/targets/target';
import { findBinary, freePort, requireBinary } from '../support/binaries';
import { defaultOptions, probeContext } from '../support/probe-context';
import { buildStaticServer, nginxConfig, observed } from '../support/base';

const launched: Launched[] = [];
afterAll(async () => {
  await Promise.all(launched.map((l) => l.stop()));
});

async function probeRun(command: string[], port: number): Promise<BaseFacts> {
  const l = await launchProcess({ name: 'w', run: { command, port, startTimeoutMs: 15_000 }, baseDir: process.cwd() });
  launched.push(l);
  if (l.error) throw new Error(l.error);
  const target: Target = { name: 'w', baseDir: process.cwd(), config: { name: 'w' }, process: l.process };
  const out = await baseProbe.run(target, probeContext(defaultOptions(baseProbe.optionsSchema, { fdSamples: 3, fdIntervalMs: 50 })));
  await l.stop();
  return observed(out);
}

const libs = (f: BaseFacts): string[] => (f.recommended?.copy ?? []).map((c) => c.library).sort();

describe('the base probe on real processes', () => {
  const staticServer = buildStaticServer();
  (staticServer ? it : it.skip)('a gcc -static server → static', async () => {
    const port = await freePort();
    const f = await probeRun([staticServer!, String(port)], port);
    expect(f.binary).toMatchObject({ interpreter: null, needed: [], libc: 'static' });
    expect(f.recommended).toMatchObject({ variant: 'static', image: 'gcr.io/distroless/static-debian12:nonroot', copy: [], basis: 'process' });
    expect(f.recommended?.reasons[0]).toMatch(/no PT_INTERP and no DT_NEEDED/);
  });

  const exporter = requireBinary('prometheus-node-exporter');
  (exporter ? it : it.skip)('prometheus-node-exporter → base-nossl, nothing to copy', async () => {
    const port = await freePort();
    const f = await probeRun([exporter!, `--web.listen-address=127.0.0.1:${port}`], port);
    expect(f.recommended).toMatchObject({ variant: 'base-nossl', image: 'gcr.io/distroless/base-nossl-debian12:nonroot', copyCount: 0 });
    expect(f.recommended?.reasons).toEqual(expect.arrayContaining(['needs libc.so.6 → base-nossl', expect.stringMatching(/CGO_ENABLED=0 it would run on static/)]));
  });

  const nginx = requireBinary('nginx');
  (nginx ? it : it.skip)('nginx → base, copying libcrypt, libpcre2-8 and libz to the paths the loader searches', async () => {
    const port = await freePort();
    const dir = mkdtempSync(path.join(tmpdir(), 'distroready-nginx-'));
    const f = await probeRun([nginx!, '-p', dir, '-c', nginxConfig(dir, port)], port);
    expect(f.recommended?.variant).toBe('base');
    expect(libs(f)).toEqual(['libcrypt.so.1', 'libpcre2-8.so.0', 'libz.so.1']);
    for (const line of f.recommended!.copyLines) expect(line).toMatch(/^COPY --from=build \/usr\/lib\/x86_64-linux-gnu\/lib\S+\.so\.[\d.]+ \/usr\/lib\/x86_64-linux-gnu\/lib\S+\.so\.\d+$/);
    expect(f.recommended?.reasons).toEqual(expect.arrayContaining(['needs libssl.so.3 → base']));
    expect(f.proposedDockerfile).toContain('COPY --from=build /usr/sbin/nginx /usr/sbin/nginx');
  });

  const redis = requireBinary('redis-server');
  (redis ? it : it.skip)('redis-server → cc, copying the ten libraries no variant has', async () => {
    const port = await freePort();
    const f = await probeRun([redis!, '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], port);
    expect(f.recommended?.variant).toBe('cc');
    expect(libs(f)).toEqual(['libatomic.so.1', 'libcap.so.2', 'libgcrypt.so.20', 'libgpg-error.so.0', 'libjemalloc.so.2', 'liblz4.so.1', 'liblzf.so.1', 'liblzma.so.5', 'libsystemd.so.0', 'libzstd.so.1']);
    expect(f.recommended?.reasons).toEqual(expect.arrayContaining(['needs libstdc++.so.6 (via libjemalloc.so.2) → cc']));
  });

  it('python3 -m http.server → python3, its extension modules counted as the image\'s', async () => {
    const port = await freePort();
    const f = await probeRun(['/usr/bin/python3', '-m', 'http.server', String(port), '--bind', '127.0.0.1'], port);
    expect(f.runtime).toMatchObject({ name: 'python3', version: '3.11', versionSource: 'executable name' });
    expect(f.recommended).toMatchObject({ variant: 'python3', image: 'gcr.io/distroless/python3-debian12:nonroot', copyCount: 0 });
    // _ssl, _bz2, _lzma were loaded with dlopen: seen in maps, provided by the python3 image.
    const dlopened = f.libraries!.list.filter((l) => l.origin === 'mapped').map((l) => l.name);
    expect(dlopened).toEqual(expect.arrayContaining(['libssl.so.3', 'libbz2.so.1.0']));
    expect(f.files?.missingCount).toBe(0);
  });

  it('node → nodejs with the major it runs', async () => {
    const port = await freePort();
    const f = await probeRun([process.execPath, '-e', `require('http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1')`], port);
    const major = process.versions.node.split('.')[0];
    expect(f.runtime).toMatchObject({ name: 'node', version: process.versions.node });
    expect(f.recommended).toMatchObject({ variant: 'nodejs', copyCount: 0 });
    expect(f.recommended?.image).toBe(['20', '22', '24'].includes(major!) ? `gcr.io/distroless/nodejs${major}-debian12:nonroot` : expect.stringMatching(/nodejs\d+-debian12/));
    // Node's own libstdc++ and libgcc_s are the host runtime's: the image brings its own node.
    expect(f.libraries!.list.filter((l) => l.placement === 'runtime').map((l) => l.name)).toEqual(expect.arrayContaining(['libstdc++.so.6']));
  });

  // Not a package CI installs (a JDK is ~200 MB): runs where a JDK 17 is, skipped elsewhere even under CI.
  const java = findBinary('javac') && findBinary('/usr/lib/jvm/java-17-openjdk-amd64/bin/java');
  (java ? it : it.skip)('java → java17, version from the JDK release file', async () => {
    const port = await freePort();
    const dir = mkdtempSync(path.join(tmpdir(), 'distroready-java-'));
    const src = path.join(dir, 'Serve.java');
    writeFileSync(src, `public class Serve { public static void main(String[] a) throws Exception {
      var s = new java.net.ServerSocket(${port}, 50, java.net.InetAddress.getLoopbackAddress()); while (true) s.accept().close(); } }`);
    const f = await probeRun(['java', src], port);
    expect(f.runtime).toMatchObject({ name: 'java', versionSource: 'release file' });
    expect(f.recommended).toMatchObject({ variant: 'java', image: 'gcr.io/distroless/java17-debian12:nonroot', copyCount: 0 });
  }, 30_000);
});
