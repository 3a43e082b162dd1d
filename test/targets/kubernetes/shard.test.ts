/** Shards: from --shard, DISTROREADY_SHARD or a StatefulSet ordinal; stable, disjoint, and covering. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { inShard, parseShard, shardFromEnv, shardOf } from '../../../src/targets/kubernetes/shard';

describe('shards', () => {
  it.each([
    ['0/2', { index: 0, total: 2 }],
    ['2/3', { index: 2, total: 3 }],
  ])('reads %s', (text, expected) => {
    expect(parseShard(text, '--shard')).toMatchObject(expected);
  });

  it.each(['2/2', '1', '-1/2', '0/0', 'a/b'])('refuses %j with the form it wants', (text) => {
    expect(() => parseShard(text, '--shard')).toThrow(`--shard: "${text}" is not a shard: write i/N with 0 <= i < N, e.g. 0/2`);
  });

  it('takes the StatefulSet ordinal from the hostname, and says when there is none', () => {
    expect(shardFromEnv({ DISTROREADY_SHARDS: '3' }, 'distroready-2')).toMatchObject({ index: 2, total: 3, source: 'hostname distroready-2, DISTROREADY_SHARDS 2/3' });
    expect(shardFromEnv({ DISTROREADY_SHARD: '1/4', DISTROREADY_SHARDS: '3' }, 'distroready-2')).toMatchObject({ index: 1, total: 4 });
    expect(shardFromEnv({}, 'x')).toBeNull();
    expect(() => shardFromEnv({ DISTROREADY_SHARDS: '2' }, 'laptop')).toThrow(/ends in no StatefulSet ordinal/);
    expect(() => shardFromEnv({ DISTROREADY_SHARDS: '2' }, 'distroready-2')).toThrow(/is not a shard/);
  });

  it('puts every uid on exactly one shard, stably, spread over all of them', () => {
    const uids = Array.from({ length: 3000 }, (_, i) => `5f0c${i.toString(16).padStart(4, '0')}-1111-2222-3333-444455556666`);
    const counts = [0, 0, 0];
    for (const uid of uids) {
      const owners = [0, 1, 2].filter((index) => inShard(uid, { index, total: 3, source: 't' }));
      expect(owners).toEqual([shardOf(uid, 3)]);
      counts[owners[0]!]!++;
    }
    // md5 spreads them: no shard far from a third.
    for (const n of counts) expect(Math.abs(n - 1000)).toBeLessThan(150);
    expect(inShard('anything', null)).toBe(true);
  });

  it('ships a StatefulSet whose replicas and DISTROREADY_SHARDS agree', () => {
    const docs = parseAllDocuments(readFileSync(path.resolve(__dirname, '../../../deploy/distroready-sharded.yaml'), 'utf8')).map((d) => d.toJS() as { kind: string; spec: { replicas?: number; serviceName?: string; clusterIP?: string; template?: { spec: { containers: { env: { name: string; value?: string }[] }[] } } }; metadata: { name: string } });
    const sts = docs.find((d) => d.kind === 'StatefulSet')!;
    const shards = sts.spec.template!.spec.containers[0]!.env.find((e) => e.name === 'DISTROREADY_SHARDS')!.value;
    expect(Number(shards)).toBe(sts.spec.replicas);
    const svc = docs.find((d) => d.kind === 'Service')!;
    expect(svc.spec.clusterIP).toBe('None');
    expect(sts.spec.serviceName).toBe(svc.metadata.name);
  });
});
