/** Shared set-up for the Kubernetes target tests: a stand-in with tokens, and configs that point at it. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseConfig } from '../../../src/config/load-config';
import type { Config } from '../../../src/config/config-types';
import type { KubernetesConfig } from '../../../src/targets/kubernetes/kubernetes-config';
import { resolveCluster } from '../../../src/targets/kubernetes/kube-config';
import { createKubeClient, type KubeClient } from '../../../src/targets/kubernetes/kube-client';
import { ADMIN, type Identity } from './rbac';
import { startKubeApi, type KubeApi } from './server';

export interface Cluster {
  api: KubeApi;
  dir: string;
  /** A kubeconfig for `token` (default `admin`). */
  kubeconfig(token?: string): string;
  /** A whole distroready config whose `kubernetes:` section is `section` (YAML lines, indented by the caller). */
  config(section: string, token?: string, rest?: string): Config;
  kube(section?: string, token?: string): KubernetesConfig;
  client(token?: string): KubeClient;
}

export async function startCluster(tokens: Record<string, Identity> = {}): Promise<Cluster> {
  const api = await startKubeApi({ tokens: { admin: ADMIN, ...tokens } });
  const dir = mkdtempSync(path.join(tmpdir(), 'k8s-target-'));
  const kubeconfig = (token = 'admin'): string => api.writeKubeconfig(path.join(dir, `kubeconfig-${token}`), { token });
  const config = (section: string, token = 'admin', rest = ''): Config => {
    const file = path.join(dir, 'distroready.yaml');
    const text = `kubernetes:\n  kubeconfig: ${kubeconfig(token)}\n${section}${rest}`;
    writeFileSync(file, text);
    return parseConfig(text, file, {});
  };
  return {
    api,
    dir,
    kubeconfig,
    config,
    kube: (section = '', token = 'admin') => config(section, token).kubernetes!,
    client: (token = 'admin') => createKubeClient(resolveCluster({ kubeconfig: kubeconfig(token) })),
  };
}
