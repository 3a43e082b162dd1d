/**
 * The `kubectl debug` command for shell-less pods: the uid follows the pod (container
 * securityContext, then the pod's, else distroless nonroot 65532), the custom profile is
 * a container spec real kubectl accepts, and the stoppers say what would refuse it.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { debugCommands } from '../../probes/base/kubernetes/debug-command';
import { requireBinary } from '../support/binaries';
import { ROOT } from '../support/examples-config';

const POD_USER = `apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db, namespace: data }
spec:
  selector: { matchLabels: { app: db, tier: store } }
  template:
    spec:
      securityContext: { runAsNonRoot: true, runAsUser: 1000 }
      containers:
        - name: postgres
          image: example.com/pg:16
        - name: istio-proxy
          image: istio/proxyv2
          securityContext: { runAsUser: 1337 }
`;

describe('debugCommands', () => {
  it('the legacy example: default namespace, selector, distroless nonroot uid', () => {
    const [cmd] = debugCommands(readFileSync(path.join(ROOT, 'examples/workloads/legacy/deployment.yaml'), 'utf8'));
    expect(cmd).toMatchObject({
      workload: 'Deployment/legacy', namespace: 'default', container: 'app', runAsUser: 65532, uidSource: 'distroless nonroot',
      findPod: 'kubectl get pods -n default -l app=legacy',
      command: 'kubectl debug -it POD -n default --image=busybox:1.36 --target=app --profile=restricted --custom=debug-app.json',
    });
    expect(JSON.parse(cmd!.customProfile)).toEqual({ securityContext: { runAsUser: 65532, runAsGroup: 65532, runAsNonRoot: true } });
    expect(cmd!.stoppers.join('\n')).toMatch(/pods\/ephemeralcontainers/);
  });

  it('the ready example sets runAsNonRoot without a uid: that would stop a root busybox, so the profile sets 65532', () => {
    const [cmd] = debugCommands(readFileSync(path.join(ROOT, 'examples/workloads/ready/deployment.yaml'), 'utf8'));
    expect(cmd!.stoppers.join('\n')).toMatch(/runAsNonRoot is set without a runAsUser/);
  });

  it('the pod\'s runAsUser wins, and sidecars get no command', () => {
    const cmds = debugCommands(POD_USER);
    expect(cmds).toHaveLength(1);
    expect(cmds[0]).toMatchObject({ container: 'postgres', namespace: 'data', runAsUser: 1000, uidSource: 'pod', findPod: 'kubectl get pods -n data -l app=db,tier=store' });
    expect(cmds[0]!.stoppers.join('\n')).not.toMatch(/without a runAsUser/);
  });

  it('hostile manifests give no command and no throw', () => {
    expect(debugCommands('a: [unclosed')).toEqual([]);
    expect(debugCommands('kind: ConfigMap\ndata: {a: b}\n')).toEqual([]);
  });

  const kubectl = requireBinary('kubectl');
  (kubectl ? it : it.skip)('real kubectl accepts the command and the custom profile (it fails only on the unreachable cluster)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'distroready-debug-'));
    const [cmd] = debugCommands(POD_USER);
    writeFileSync(path.join(dir, 'debug-postgres.json'), cmd!.customProfile);
    writeFileSync(path.join(dir, 'kubeconfig'), 'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "http://127.0.0.1:1"}}]\ncontexts: [{name: c, context: {cluster: c, user: u}}]\nusers: [{name: u, user: {}}]\ncurrent-context: c\n');
    const argv = cmd!.command.split(' ').slice(1).map((a) => (a === 'POD' ? 'db-0' : a)).filter((a) => a !== '-it');
    const result = await promisify(execFile)(kubectl!, argv, { cwd: dir, env: { ...process.env, KUBECONFIG: path.join(dir, 'kubeconfig') }, timeout: 20_000 }).then(
      (r) => r.stderr,
      (err: { stderr: string }) => err.stderr,
    );
    expect(result).not.toMatch(/unknown (profile|flag)|valid container spec/);
    expect(result).toMatch(/connection refused|127\.0\.0\.1:1/);
  }, 30_000);
});
