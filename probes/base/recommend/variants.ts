/**
 * The distroless variants as data: what each adds over the one below it, the image that
 * ships it (gcr.io/distroless, Debian 12 tags) and the Chainguard/Wolfi image beside it.
 * Package lists from GoogleContainerTools/distroless (`base/config.bzl`, `cc/config.bzl`,
 * `python3/python.bzl`, `java/config.bzl`, `nodejs/nodejs.bzl`, `base/base.bzl`) for
 * debian12; sonames as those Debian 12 packages install them. The reference table is in
 * shared/reference/distroless-variants.md.
 */
import type { RuntimeName } from '../proc/runtime';

export const VARIANTS = ['static', 'base-nossl', 'base', 'cc', 'nodejs', 'python3', 'java'] as const;
export type Variant = (typeof VARIANTS)[number];

/** The native chain, smallest first: a program goes on the first that has all it links. */
export const NATIVE_CHAIN = ['static', 'base-nossl', 'base', 'cc'] as const satisfies readonly Variant[];

export interface VariantSpec {
  id: Variant;
  /** One line for the report and the README. */
  contains: string;
  parent: Variant | null;
  /** Sonames this variant adds over its parent. */
  libraries: readonly string[];
  /** Paths it adds: exact files, or trees when they end in `/`. `@multiarch` is the Debian triplet. */
  files: readonly string[];
  /** gcr.io/distroless/<name>-debian12; `{major}` for the language images. */
  name: string;
  /** Majors with a debian12 image, newest last (language images only). */
  majors?: readonly string[];
  runtime?: RuntimeName;
  chainguard: { image: string; note: string | null };
}

/** libc6 (Debian 12): glibc and the libraries it has always carried. libcrypt.so.1 is not one: it is libcrypt1. */
const GLIBC = [
  'libc.so.6', 'libm.so.6', 'libmvec.so.1', 'libpthread.so.0', 'libdl.so.2', 'librt.so.1', 'libresolv.so.2', 'libutil.so.1',
  'libanl.so.1', 'libnsl.so.1', 'libBrokenLocale.so.1', 'libthread_db.so.1', 'libc_malloc_debug.so.0', 'libnss_files.so.2',
  'libnss_dns.so.2', 'libnss_compat.so.2', 'libnss_hesiod.so.2', 'libmemusage.so', 'libpcprofile.so',
  'ld-linux-x86-64.so.2', 'ld-linux-aarch64.so.1', 'ld-linux-armhf.so.3', 'ld64.so.2', 'ld64.so.1', 'ld-linux-riscv64-lp64d.so.1',
] as const;

/** Files every image has because the container runtime provides them, distroless or not. */
export const RUNTIME_PROVIDED = ['/etc/resolv.conf', '/etc/hosts', '/etc/hostname', '/etc/mtab', '/dev/', '/proc/', '/sys/', '/run/'] as const;

export const VARIANT_SPECS: Readonly<Record<Variant, VariantSpec>> = {
  static: {
    id: 'static',
    contains: 'ca-certificates, tzdata, /etc/passwd (root 0, nonroot 65532, nobody 65534), /etc/group, /etc/nsswitch.conf, netbase, /tmp',
    parent: null,
    libraries: [],
    files: [
      '/etc/ssl/certs/ca-certificates.crt', '/usr/share/zoneinfo/', '/etc/passwd', '/etc/group', '/etc/nsswitch.conf', '/etc/os-release',
      '/usr/lib/os-release', '/etc/services', '/etc/protocols', '/etc/rpc', '/etc/ethertypes', '/tmp/', '/home/nonroot/',
    ],
    name: 'static',
    chainguard: { image: 'cgr.dev/chainguard/static', note: null },
  },
  'base-nossl': {
    id: 'base-nossl',
    contains: 'static + glibc (libc, libm, libpthread, libdl, librt, libresolv, NSS modules)',
    parent: 'static',
    libraries: GLIBC,
    // glibc ≥ 2.35 has C.UTF-8 built in, so the locale files Debian ships for it are not needed.
    files: ['/usr/lib/@multiarch/gconv/', '/usr/lib/locale/C.utf8/', '/etc/ld.so.conf.d/'],
    name: 'base-nossl',
    chainguard: { image: 'cgr.dev/chainguard/glibc-dynamic', note: null },
  },
  base: {
    id: 'base',
    contains: 'base-nossl + libssl3 (libssl.so.3, libcrypto.so.3; no openssl.cnf, no openssl binary)',
    parent: 'base-nossl',
    libraries: ['libssl.so.3', 'libcrypto.so.3'],
    files: ['/usr/lib/@multiarch/ossl-modules/', '/usr/lib/@multiarch/engines-3/'],
    name: 'base',
    chainguard: { image: 'cgr.dev/chainguard/glibc-dynamic', note: 'its package list (glibc, libgcc, libstdc++) names no libssl: copy libssl.so.3 and libcrypto.so.3 too' },
  },
  cc: {
    id: 'cc',
    contains: 'base + libgcc_s, libstdc++, libgomp',
    parent: 'base',
    libraries: ['libgcc_s.so.1', 'libstdc++.so.6', 'libgomp.so.1'],
    files: [],
    name: 'cc',
    chainguard: { image: 'cgr.dev/chainguard/glibc-dynamic', note: 'its package list (glibc, libgcc, libstdc++) names no libssl: copy libssl.so.3 and libcrypto.so.3 if the program needs them' },
  },
  nodejs: {
    id: 'nodejs',
    contains: 'cc + Node.js (the nodejs.org build, self-contained, at /nodejs/bin/node; entrypoint node)',
    parent: 'cc',
    libraries: [],
    files: ['/nodejs/'],
    name: 'nodejs{major}',
    majors: ['20', '22', '24'],
    runtime: 'node',
    chainguard: { image: 'cgr.dev/chainguard/node', note: null },
  },
  python3: {
    id: 'python3',
    contains: 'cc + Python 3.11 (Debian) with its extension-module libraries (libffi, libsqlite3, libz, libbz2, liblzma, libexpat, libssl, …); entrypoint python3.11',
    parent: 'cc',
    libraries: [
      'libbz2.so.1.0', 'libdb-5.3.so', 'libexpat.so.1', 'liblzma.so.5', 'libsqlite3.so.0', 'libuuid.so.1', 'libncursesw.so.6', 'libtinfo.so.6',
      'libz.so.1', 'libcom_err.so.2', 'libcrypt.so.1', 'libgssapi_krb5.so.2', 'libk5crypto.so.3', 'libkeyutils.so.1', 'libkrb5.so.3',
      'libkrb5support.so.0', 'libnsl.so.2', 'libreadline.so.8', 'libtirpc.so.3', 'libffi.so.8',
    ],
    files: ['/usr/lib/python3.11/', '/usr/lib/python3/dist-packages/', '/usr/bin/python3.11', '/usr/bin/python3'],
    name: 'python3',
    majors: ['3.11'],
    runtime: 'python3',
    chainguard: { image: 'cgr.dev/chainguard/python', note: null },
  },
  java: {
    id: 'java',
    // Built on base-nossl: the JDK brings its own TLS, so libssl is not there.
    contains: 'base-nossl + a JRE (Temurin) with libz, libstdc++, libgcc_s, freetype, fontconfig, libpng, harfbuzz, the Java CA store; entrypoint java -jar',
    parent: 'base-nossl',
    libraries: [
      'libz.so.1', 'libjpeg.so.62', 'liblcms2.so.2', 'libfreetype.so.6', 'libexpat.so.1', 'libfontconfig.so.1', 'libuuid.so.1',
      'libbrotlicommon.so.1', 'libbrotlidec.so.1', 'libbrotlienc.so.1', 'libcrypt.so.1', 'libstdc++.so.6', 'libgcc_s.so.1',
      'libpng16.so.16', 'libharfbuzz.so.0', 'libgraphite2.so.3', 'libpcre2-8.so.0', 'libglib-2.0.so.0', 'libgobject-2.0.so.0',
      'libgio-2.0.so.0', 'libgmodule-2.0.so.0', 'libgthread-2.0.so.0',
    ],
    files: ['/usr/lib/jvm/', '/etc/ssl/certs/java/', '/usr/share/fonts/', '/etc/fonts/', '/usr/lib/locale/'],
    name: 'java{major}',
    majors: ['17', '21'],
    runtime: 'java',
    chainguard: { image: 'cgr.dev/chainguard/jre', note: null },
  },
};

/** The variant, its parent, its parent's parent…: everything the image has. */
export function chainOf(v: Variant): VariantSpec[] {
  const out: VariantSpec[] = [];
  for (let s: VariantSpec | null = VARIANT_SPECS[v]; s && out.length < VARIANTS.length; s = s.parent ? VARIANT_SPECS[s.parent] : null) out.push(s);
  return out;
}

export function librariesOf(v: Variant): Set<string> {
  return new Set(chainOf(v).flatMap((s) => s.libraries));
}

export function filesOf(v: Variant, multiarch: string): string[] {
  return [...chainOf(v).flatMap((s) => s.files.map((f) => f.replace('@multiarch', multiarch))), ...RUNTIME_PROVIDED];
}

/** The variant whose runtime this is, if gcr.io/distroless ships one. */
export function variantForRuntime(runtime: RuntimeName): Variant | null {
  return VARIANTS.find((v) => VARIANT_SPECS[v].runtime === runtime) ?? null;
}

export function providesFile(files: readonly string[], file: string): boolean {
  return files.some((f) => (f.endsWith('/') ? file.startsWith(f) : file === f));
}
