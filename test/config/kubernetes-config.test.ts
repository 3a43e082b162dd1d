/** The `kubernetes:` section: each invalid form with its exact error, and the defaults. */
import { parseConfig } from '../../src/config/load-config';
import { isDistroreadyError } from '../../src/errors';

const FILE = `${process.cwd()}/bad.yaml`;

function errorOf(text: string): string {
  try {
    parseConfig(text, FILE, {});
  } catch (err) {
    if (isDistroreadyError(err)) return err.message.replace('invalid config:\n  ', '');
    throw err;
  }
  throw new Error('config was accepted');
}

describe('kubernetes config', () => {
  it.each([
    ['kubernetes:\n  namespace: [shop]\n', 'bad.yaml:2:3: kubernetes.namespace: unknown key "namespace"; remove it or fix its spelling: did you mean "namespaces"? Allowed keys: kubeconfig, context, namespaces, labelSelector, kinds, reach, logs, teamLabel, dockerfiles, watchRestart, limits'],
    ['kubernetes:\n  kinds: [Deployment, Pod]\n', 'bad.yaml:2:23: kubernetes.kinds[1]: must be one of "Deployment", "StatefulSet", "DaemonSet", "CronJob", "Job"'],
    ['kubernetes:\n  reach: node-port\n', 'bad.yaml:2:10: kubernetes.reach: must be one of "pod-ip", "api-proxy"'],
    ['kubernetes:\n  namespaces: [Shop]\n', 'bad.yaml:2:16: kubernetes.namespaces[0]: must be a Kubernetes name: lower-case letters, digits and "-", starting and ending with a letter or digit'],
    ['kubernetes:\n  labelSelector: "team in (a,b"\n', 'bad.yaml:2:18: kubernetes.labelSelector: not a label selector: unbalanced parentheses; write it as kubectl -l takes it, e.g. team=payments,tier!=batch'],
    ['kubernetes:\n  labelSelector: "team=a=b"\n', 'bad.yaml:2:18: kubernetes.labelSelector: not a label selector: cannot read "team=a=b"; write it as kubectl -l takes it, e.g. team=payments,tier!=batch'],
    ['kubernetes:\n  logs: { tailLines: -1 }\n', 'bad.yaml:2:22: kubernetes.logs.tailLines: must be >= 0'],
    ['kubernetes:\n  logs: { sinceSeconds: 0 }\n', 'bad.yaml:2:25: kubernetes.logs.sinceSeconds: must be >= 1'],
    ['kubernetes:\n  watchRestart: 1s\n', 'bad.yaml:2:17: kubernetes.watchRestart: must be at least 10s: restarting watches more often relists the cluster for nothing'],
    ['kubernetes:\n  limits: { requestTimeout: 30 }\n', 'bad.yaml:2:29: kubernetes.limits.requestTimeout: must be a duration such as 500ms, 10s, 5m or 1h (a number alone has no unit)'],
  ])('%j', (text, expected) => {
    expect(errorOf(text)).toBe(expected);
  });

  it('is absent unless configured, and takes the defaults DESIGN.md names', () => {
    expect(parseConfig('workloads: []\n', FILE, {}).kubernetes).toBeUndefined();
    const k = parseConfig('kubernetes: {}\n', FILE, {}).kubernetes!;
    expect(k).toEqual({
      kinds: ['Deployment', 'StatefulSet', 'DaemonSet', 'CronJob'],
      logs: { tailLines: 500, sinceSeconds: 900, previous: true, limitBytes: 8 * 1024 * 1024 },
      teamLabel: 'team',
      dockerfiles: {},
      watchRestartMs: 300_000,
      limits: { pageSize: 500, maxPageBytes: 32 * 1024 * 1024, maxObjects: 200_000, requestTimeoutMs: 30_000 },
    });
  });

  it('keeps a whole section as written', () => {
    const k = parseConfig('kubernetes:\n  kubeconfig: ~/.kube/config\n  context: prod\n  namespaces: [shop, payments]\n  labelSelector: team=payments\n  reach: api-proxy\n  logs: { tailLines: 50, sinceSeconds: 60 }\n', FILE, {}).kubernetes!;
    expect(k).toMatchObject({ kubeconfig: '~/.kube/config', context: 'prod', namespaces: ['shop', 'payments'], labelSelector: 'team=payments', reach: 'api-proxy', logs: { tailLines: 50, sinceSeconds: 60 } });
  });
});
