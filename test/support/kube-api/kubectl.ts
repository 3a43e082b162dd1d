/**
 * Runs the real kubectl against the stand-in, asynchronously (the stand-in lives in the
 * test's own event loop) and with a private HOME, so its discovery cache never carries
 * over between tests.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { KubeApi } from './server';

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Kubectl {
  kubeconfig: string;
  run(args: readonly string[], o?: { token?: string; timeoutMs?: number }): Promise<KubectlResult>;
}

export function kubectlFor(api: KubeApi, binary: string, token: string): Kubectl {
  const home = mkdtempSync(path.join(tmpdir(), 'kubectl-home-'));
  const kubeconfig = api.writeKubeconfig(path.join(home, 'config'), { token });
  return {
    kubeconfig,
    run(args, o = {}) {
      const full = ['--kubeconfig', kubeconfig, ...(o.token ? [`--token=${o.token}`] : []), ...args];
      return new Promise((resolve) => {
        // stdin closed: a kubectl that wants to prompt (no credentials) reads EOF instead of waiting.
        const child = spawn(binary, full, { env: { PATH: process.env.PATH, HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
        const timer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs ?? 20_000);
        child.on('close', (code) => {
          clearTimeout(timer);
          resolve({ code: code ?? -1, stdout, stderr });
        });
      });
    },
  };
}
