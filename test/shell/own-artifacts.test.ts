/**
 * distroready practises what it checks: its own Dockerfile and deploy/ manifests lint
 * clean, and the config they ship is one distroready accepts.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { parseConfig } from '../../src/config/load-config';
import { lintFiles } from '../../src/lint/lint-files';

const ROOT = path.resolve(__dirname, '..', '..');
const DOCKERFILE = path.relative(process.cwd(), path.join(ROOT, 'Dockerfile'));
const DEPLOY = path.relative(process.cwd(), path.join(ROOT, 'deploy', 'distroready.yaml'));

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const docs = (): Obj[] => parseAllDocuments(readFileSync(DEPLOY, 'utf8')).map((d) => (d as unknown as { toJS(): Obj }).toJS());

describe("distroready's own image and manifests", () => {
  it('lint with no findings at all, so none critical', async () => {
    const result = await lintFiles([DOCKERFILE, DEPLOY]);
    expect(result.findings).toEqual([]);
    expect(result.report.workloads.map((w) => w.blockers)).toEqual([[], []]);
  });

  it('build on node:20 and ship on distroless Node, exec form, non-root', async () => {
    const facts = (await lintFiles([DOCKERFILE])).report.workloads[0]!.probes.shell!.facts;
    expect(facts.baseImage).toMatchObject({ ref: 'gcr.io/distroless/nodejs20-debian12:nonroot', tier: 4, stages: 2, resolved: true });
    expect(facts.user).toBe('nonroot');
    const text = readFileSync(DOCKERFILE, 'utf8');
    expect(text).toMatch(/^CMD \["dist\/cli\.js", "serve"\]$/m);
    for (const copied of ['package.json', 'node_modules', 'dist', 'config']) expect(text).toMatch(new RegExp(`^COPY .*\\b${copied}\\b`, 'm'));
  });

  it('deploy a Deployment with httpGet /healthz and /readyz probes, a Service and a ConfigMap', async () => {
    const all = docs();
    expect(all.map((d) => d.kind).sort()).toEqual(['ConfigMap', 'Deployment', 'Service']);
    const container = all.find((d) => d.kind === 'Deployment')!.spec.template.spec.containers[0];
    expect(container.livenessProbe.httpGet).toMatchObject({ path: '/healthz' });
    expect(container.readinessProbe.httpGet).toMatchObject({ path: '/readyz' });
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
  });

  it("ship a config that distroready's loader accepts, storage on the writable volume", () => {
    const configMap = docs().find((d) => d.kind === 'ConfigMap')!;
    const config = parseConfig(configMap.data['distroready.yaml'], '/etc/distroready/distroready.yaml', {});
    expect(config.storage.path).toBe('/var/lib/distroready/distroready.db');
    expect(config.api.token).toBeUndefined();
    expect(config.workloads).toEqual([]);
    expect(config.kubernetes).toMatchObject({ reach: 'pod-ip', kinds: ['Deployment', 'StatefulSet', 'DaemonSet', 'CronJob'] });
  });
});
