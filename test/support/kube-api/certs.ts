/**
 * A CA and a serving certificate for the stand-in API server, made with the openssl CLI
 * (no new dependency): client-go sends no bearer token over plain HTTP, so the stand-in
 * must speak TLS with a CA the kubeconfig names, exactly as a real cluster does.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export interface ServingCerts {
  dir: string;
  caFile: string;
  ca: string;
  cert: string;
  key: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A fresh CA, and a cert it signs for `127.0.0.1`, `::1` and `localhost`. */
export function makeServingCerts(dir = mkdtempSync(path.join(tmpdir(), 'kube-api-'))): ServingCerts {
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=stand-in-kubernetes-ca', '-keyout', 'ca.key', '-out', 'ca.crt',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=kube-apiserver', '-keyout', 'server.key', '-out', 'server.csr'], dir);
  writeFileSync(path.join(dir, 'server.ext'), [
    'basicConstraints=CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    'extendedKeyUsage=serverAuth',
    'subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost,DNS:kubernetes.default.svc',
  ].join('\n'));
  openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-extfile', 'server.ext', '-out', 'server.crt'], dir);
  const read = (f: string): string => readFileSync(path.join(dir, f), 'utf8');
  return { dir, caFile: path.join(dir, 'ca.crt'), ca: read('ca.crt'), cert: read('server.crt'), key: read('server.key') };
}
