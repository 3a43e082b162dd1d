/**
 * A real nginx as a `run` workload, configured the way the official image is: access log
 * to /dev/stdout, error log to /dev/stderr. On a socketpair those opens fail with ENXIO and
 * nginx never starts; on real pipes it starts and its access lines reach the capture.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { launchProcess } from '../../src/targets/launch-process';
import { freePort, requireBinary } from '../support/binaries';
import { eventually } from '../support/eventually';

const nginx = requireBinary('nginx');

function nginxConfig(dir: string, port: number): string {
  const file = path.join(dir, 'nginx.conf');
  writeFileSync(
    file,
    `worker_processes 1;
pid ${dir}/nginx.pid;
error_log /dev/stderr notice;
events { worker_connections 64; }
http {
  access_log /dev/stdout;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  server { listen 127.0.0.1:${port}; location / { return 200 "hello from nginx\\n"; } }
}
`,
  );
  return file;
}

(nginx ? describe : describe.skip)('nginx as a run workload', () => {
  it('starts with access_log /dev/stdout, and its access lines arrive on the captured stdout', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'distroready-nginx-'));
    const port = await freePort();
    // -e: the error log nginx opens before it has read its config (default: a file under /var/log).
    const command = [nginx!, '-p', dir, '-e', '/dev/stderr', '-c', nginxConfig(dir, port), '-g', 'daemon off;'];
    const l = await launchProcess({ name: 'nginx', run: { command, port, startTimeoutMs: 10_000 }, baseDir: dir });
    try {
      expect(l.error).toBeUndefined();
      const res = await fetch(`http://127.0.0.1:${port}/distroready-was-here`);
      expect(await res.text()).toBe('hello from nginx\n');
      const access = await eventually('the access line on stdout', 5000, async () =>
        l.process!.output.snapshot().find((x) => x.stream === 'stdout' && x.text.includes('GET /distroready-was-here HTTP/1.1" 200')),
      );
      expect(access.text).toMatch(/^127\.0\.0\.1 - - \[/);
      expect(l.process!.output.snapshot().some((x) => x.stream === 'stderr' && /start worker process/.test(x.text))).toBe(true);
    } finally {
      await l.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
