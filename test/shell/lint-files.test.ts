/** Which files `lint` reads: named files once each, directories expanded, kinds by name. */
import * as path from 'node:path';
import { kindOf, lintFiles } from '../../src/lint/lint-files';

const ex = (p: string): string => path.join('examples', 'workloads', p);

describe('lintFiles', () => {
  it('lints a file named twice once', async () => {
    expect((await lintFiles([ex('ready/Dockerfile'), ex('ready/Dockerfile')])).report.workloads.map((w) => w.name)).toEqual([ex('ready/Dockerfile')]);
  });

  it('expands a directory to its Dockerfiles and manifests, skipping other files', async () => {
    const names = (await lintFiles([ex('legacy')])).report.workloads.map((w) => w.name);
    expect(names).toEqual([ex('legacy/Dockerfile'), ex('legacy/deployment.yaml')]);
  });

  it.each<[string, 'dockerfile' | 'manifest']>([
    ['Dockerfile', 'dockerfile'],
    ['build/api.Dockerfile', 'dockerfile'],
    ['Dockerfile.prod', 'dockerfile'],
    ['Containerfile', 'dockerfile'],
    ['deploy/app.yaml', 'manifest'],
    ['pod.json', 'manifest'],
    ['dockerfiles.yaml', 'manifest'],
  ])('reads %s as a %s', (file, kind) => {
    expect(kindOf(file)).toBe(kind);
  });
});
