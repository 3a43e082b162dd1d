/** Real programs for the base probe's tests: what is installed, a static C server built here, and ldd's answer. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { BaseFacts } from '../../probes/base/facts-schema';
import type { ProbeOutcome } from '../../probes/types';
import { requireBinary } from './binaries';

/** ldd's libraries for a binary: name → resolved path (linux-vdso and the loader line left out). */
export function lddOf(binary: string): Map<string, string> {
  const out = execFileSync('ldd', [binary], { encoding: 'utf8' });
  const libs = new Map<string, string>();
  for (const line of out.split('\n')) {
    const m = /^\s*(\S+) => (\S+) \(0x/.exec(line);
    if (m) libs.set(m[1]!, m[2]!);
  }
  return libs;
}

/**
 * A C server on 127.0.0.1:PORT linked with `gcc -static`: no PT_INTERP, no DT_NEEDED.
 * `null` (skip) when static libc is missing here, except under CI where that fails.
 */
export function buildStaticServer(): string | null {
  const gcc = requireBinary('gcc');
  if (!gcc) return null;
  const dir = mkdtempSync(path.join(tmpdir(), 'distroready-static-'));
  const src = path.join(dir, 'server.c');
  writeFileSync(src, `#include <arpa/inet.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>
int main(int argc, char **argv) {
  int s = socket(AF_INET, SOCK_STREAM, 0), one = 1;
  struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(atoi(argv[1])) };
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind(s, (struct sockaddr *)&a, sizeof a) || listen(s, 8)) return 1;
  for (;;) { int c = accept(s, 0, 0); if (c >= 0) { write(c, "ok\\n", 3); close(c); } }
}
`);
  const bin = path.join(dir, 'static-server');
  try {
    execFileSync(gcc, ['-static', '-O1', '-o', bin, src], { stdio: 'pipe' });
  } catch (err) {
    if (process.env.CI === 'true') throw new Error(`gcc -static failed under CI (libc6-dev missing?): ${String(err)}`);
    return null;
  }
  return bin;
}

/** A minimal nginx config: foreground, one process, logs to stderr, temp files and pid under `dir`. */
export function nginxConfig(dir: string, port: number): string {
  const file = path.join(dir, 'nginx.conf');
  writeFileSync(file, `daemon off;
master_process off;
pid ${dir}/nginx.pid;
error_log stderr;
events {}
http {
  access_log off;
  client_body_temp_path ${dir}; proxy_temp_path ${dir}; fastcgi_temp_path ${dir}; uwsgi_temp_path ${dir}; scgi_temp_path ${dir};
  server { listen 127.0.0.1:${port}; location / { return 200 "ok\\n"; } }
}
`);
  return file;
}

/** The facts of a probe run that observed something; a skip fails the test with its reason. */
export function observed(out: ProbeOutcome<BaseFacts>): BaseFacts {
  if (out.skipped !== undefined) throw new Error(`skipped: ${out.skipped}`);
  return out.facts;
}
